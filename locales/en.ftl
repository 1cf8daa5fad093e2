# vroegsignaal in English (`--lang en` or VROEGSIGNAAL_LANG=en). Every key
# here is also in nl.ftl (a test checks). Values in { $braces } are filled
# in by the program; numbers are whole numbers.

## Prefixes and general messages

note-prefix = note
error-prefix = error
warning-prefix = warning
rejected-prefix = rejected
internal-error = internal error{ $place }: vroegsignaal hit a bug. No data is shown; please report the command you ran.
unknown-command = error: unknown command `{ $command }`{ $suggestion }
    commands: { $commands }; see `vroegsignaal --help`
did-you-mean = ; did you mean `{ $name }`?
and-more = { " " }and { $more } more
exit-codes = Exit codes: 0 ok; 1 problems found with --strict; 2 data or runtime error; 64 usage error; 78 config, profile or rulebook invalid.
flag-help = Print help (see more with '--help')
examples-heading = Examples:
flag-version = Print version

## Where a run works

month-taken = no --month given: using { $month }, the latest month with exports
month-missing = no --month given and no partner exports found to take it from
not-a-day = `{ $value }` is not a day; expected YYYY-MM-DD (or DD-MM-YYYY), e.g. 2026-11-30
no-config = no config: give --config FILE or run where { $path } exists
no-rulebook = no `rulebook` in the config: the run stops after match (no work lists)
temp-files-removed = { $folder }: removed { $files } temporary file(s) a stopped run had left
intents-settled = a stopped run had left terugkoppeling half-recorded: { $finished } code(s) whose file was in place are recorded as sent, { $dropped } whose file never arrived will be sent again
nothing-new = nothing new since the last run of the month (the same files, lists, rulebook and history): its lists and files were read back; only the feedback that became due was worked out
store-upgrade = updating the history store from schema { $from } to { $to }
retention-cleared = removed { $files } file(s) of month folders past retention (before { $before })

## Progress of `run`, one line per stage

progress-ingest = { $rows } rows read, { $signals } signals, { $rejected } rejected
progress-match = { $households } households
progress-prioritise = { $households } households on work lists, { $screened } signals not picked up
progress-feedback = { $sent } codes sent, { $open } open
brp-verdicts = { $found } gevonden, { $review } controleren, { $not_registered } niet ingeschreven, { $deceased } overleden

## The summary of `run`

run-title = run { $month } ({ $municipality }), as of { $day }
col-stage = stage
col-result = result
run-step-ingest = { $rows } rows read: { $signals } signals, { $rejected } rejected
run-step-match = { $households } households: { $single } enkelvoudig, { $multiple } meervoudig, { $recidive } recidive
run-step-prioritise = { $households } households on work lists; { $screened } signals not picked up{ $reasons }
run-step-feedback = { $sent } codes sent{ $late }; { $open } signals open{ $next }{ $overdue }
run-next-due = , next due { $day }
run-past-term = , { $signals } past the term
run-sent-late = { $corrected ->
        [0] { " " }({ $late } after the term)
       *[other] { $late ->
            [0] { " " }({ $corrected } corrections)
           *[other] { " " }({ $late } after the term, { $corrected } corrections)
        }
    }
run-worklists = work lists:     { $folder }
run-review-list = review list:    { $file } ({ $signals ->
        [one] { $signals } signal
       *[other] { $signals } signals
    })
run-rejected = rejected rows:  { $file } ({ $rows ->
        [one] { $rows } row
       *[other] { $rows } rows
    })
run-feedback-files = terugkoppeling: { $files } files to upload:
strict-run = { $rejected } rows rejected, { $review } signals to review (--strict)
deadlines-line = deadlines: { $past } past, { $today } today, { $soon } within 3 working days

## Notes of prioritise, ingest and feedback

case-moved = { $case }: moves from { $from } to { $to } (new signals, or another household took its place); what was filled in on { $from } goes with it
case-dropped = { $case }: was on { $list } after an earlier run of the month and is on no list now (its signals are not picked up any more)
letters-written = { $letters } letters in { $folder }
rejected-column = , column `{ $column }`
rejected-more = ... { $rows } more, all in afgewezen.csv
cases-missing = { $month }: { $cases } case(s) on the work lists are in none of the lists read (rows deleted?): { $ids }{ $more }; they stay open and get no code until they are back on a list
corrections-sent = { $month }: { $signals } { $would ->
        [yes] signal(s) would be sent
       *[no] signal(s) sent
    } a new code that corrects the one sent before (a result recorded or changed afterwards): { $ids }

## Summaries of the single stages

total = total
col-signals = signals
col-files = files
col-rows = rows
col-accepted = accepted
col-rejected = rejected
col-rejected-by-reason = rejected by reason
col-warnings = warnings
ingest-title = ingest { $month }: signals in { $folder }
strict-rejected = { $rows } rows rejected (--strict)
brp-title = brp-check { $month }: { $rows } register rows; review list in { $file }
brp-reasons = reasons: { $reasons }
strict-review = { $signals } signals need review (--strict)
match-title = match { $month }: households in { $file }
history-holds = history holds { $months } months
history-removed = history: removed { $months } (past the retention term)
prioritise-title = prioritise { $month }: { $households } households on work lists in { $folder }
prioritise-footer = not picked up: { $screened } signals{ $reasons }
    waiting for BRP review: { $review } signals
dry-run-title = dry-run: { $old } (old) against { $new } (new), { $households } households; nothing written
dry-run-moves = { $households } households move
feedback-title = export-feedback { $month } as of { $day } (term { $term } days): { $codes } codes { $would ->
        [yes] would be sent (--check: nothing written)
       *[no] sent
    }{ $files }
feedback-files-in = , files in { $folder }
feedback-codes = codes: { $codes }
feedback-no-lists = no work lists read; results from the history store
feedback-lists = work lists: { $cases } cases, { $results } with an end result, { $attempts } contact attempts
feedback-other-month = { $month }: { $codes } codes { $would ->
        [yes] would be sent
       *[no] sent
    } ({ $late } after the term, { $corrected } corrections)

## Problems in a work list an officer filled in

field-problem = field { $column }: { $what }
suggest-value = did you mean `{ $name }`?
allowed-values = allowed: { $values }
wl-other-month = the work list is of { $list_month }, not of { $month }; read it with --month { $list_month }
wl-expected-case = expected `{ $case }` as written by prioritise
wl-unknown-household = `{ $household }` is not a household on the work lists of { $month }
wl-unknown-signal = signal `{ $signal }` is not a signal of { $month }
wl-signal-elsewhere = signal `{ $signal }` is not on the work list for this household
wl-not-a-date = not a date (jjjj-mm-dd or d-m-jjjj)
wl-date-before = { $date } is before the signal came in ({ $received })
wl-date-after = { $date } is after { $day } (the day of this export; see --as-of)
wl-attempt-kind-missing = missing (how the attempt was made)
wl-not-contact-kind = `{ $value }` is not a contact kind; { $help }
wl-attempt-date-missing = missing (the date of the attempt)
wl-not-dagdeel = `{ $value }` is not a part of the day; { $help }
wl-reached-missing = missing (ja or nee: was the resident reached?)
wl-expected-yes-no = expected ja or nee
wl-date-without-result = a date without an eindresultaat
wl-not-end-result = `{ $value }` is not an end result; { $help }
wl-result-date-missing = missing (the date of the end result)
wl-result-before-attempt = the end result is dated { $date }, before contact attempt { $attempt } ({ $attempt_date }); record the result after the attempt that led to it
wl-result-says-contact = `{ $result }` says there was contact before, but no contact attempt has bereikt = ja
wl-result-needs-contact = `{ $result }` tells the partner the resident wants help, but no contact attempt has bereikt = ja
wl-result-unreached = `{ $result }`, but a contact attempt has bereikt = ja
wl-two-results = household { $household } has another end result in { $other } (`{ $a }` on { $a_date } there, `{ $b }` on { $b_date } here); one case has one end result

## Reading files

io-not-found = no such file or directory
io-permission = permission denied
cannot-open = cannot open: { $why }
file-is-directory = is a directory, expected a CSV file
file-empty = the file is empty (expected a header row)
file-binary = not a text file (binary data); expected a CSV export
file-no-header = the file has no header row
file-cut-off = the last line is cut off ({ $fields } of { $header } fields, and no line end): the file is incomplete; ask for it again
file-open-quote = a quoted field is opened and never closed (a `"` without its pair); the rows after it cannot be read
column-missing = column `{ $column }` is missing
field-count = { $fields } fields where the header has { $header }
another-run = another vroegsignaal run is working in this folder; waited { $seconds } s for it. Try again when it has finished (or wait longer with --wait SECONDS)

## Notes of the stages

header-only = header only, no signals
garbled-text = text such as `Ã©` or `Ã˜` in { $rows } row(s): the file was probably converted between encodings twice, and names are garbled; ask the partner for a clean export
brp-model-kept = brp-model: the parameters of the earlier run of this month are kept (the same extract), so signals checked then keep their verdicts
register-field-unknown = field { $column }: { $what }; treated as unknown
register-more-problems = ... { $rows } more register rows with unreadable fields
register-same-people = the same people as the extract of { $month }: is it this month's?
register-shrunk = { $rows } rows, { $drop }% fewer than the { $before_rows } of { $month } (more than max_shrink { $max }%): the extract may be incomplete. Check it, or give --accept-register-change if the register really shrank
month-past-retention = { $month } is more than { $months } months before { $latest }, the latest month in history: it is matched, and removed from history again at once

## The monitor

ddas-left-out = left out (no BSN, postcode or house number): { $signals }
ddas-title = export-ddas { $from } to { $to }: { $signals } signals ({ $by_bsn } by BSN, the rest by postcode and house number), { $cases } cases ({ $results } with an end result, { $attempts } contact attempts)
    written to { $file }
ddas-partner-types = partner types: { $types }
ddas-signal-left-out = signal { $signal }: left out: without a BSN (not found in the BRP) its client needs postcode and huisnummer
ddas-problems = { $problems ->
        [one] { $problems } problem
       *[other] { $problems } problems
    } in the delivery; it would not validate, so nothing is written{ $leave_out ->
        [yes] {""}
       *[no] { " " }(resolve them, or give --leave-out to deliver without the signals named)
    }
report-title = report { $month } ({ $municipality }), as of { $day }: written to { $file }

## Problems in the config

config-problems = { $problems } problem(s) in { $file }
config-code = municipality.code: expected four digits, e.g. "0363"
config-partner-id = partner id: only letters, digits, `-` and `_` (it names files)
config-partner-twice = partner id `{ $id }` appears twice
config-term-days = feedback.term_days: expected 1 to 366 days (the law says 28)
config-retention = retention_months: expected 1 (the previous month is needed for herhaal) to 1200
config-max-amount = max_amount: expected 1 to 1000000000 euros
config-brp-scores = brp: found_at and review_at are match probabilities between 0 and 1 (for example found_at = 0.95, review_at = 0.5), no longer scores of 0-100
config-brp-order = brp: expected 0 < review_at <= found_at < 1
config-max-shrink = brp.max_shrink: a share between 0 and 1 (0.05 is 5%)

## explain

explain-head = signal { $partner }:{ $signal } ({ $month }), household { $household }
    BRP: { $brp }
    screening: { $screening }
explain-facts = household facts:
explain-rules = rules of { $rulebook } (first match wins):
explain-match = MATCH
explain-no-match = no{"   "}
explain-capacity = capacity
explain-result = result
explain-review-by = BRP decision by

## history

history-no-config = no config: give --config FILE or --history FILE, or run where { $path } exists
import-no-config = no config: give --config FILE, or run where { $path } exists (the partners come from it)
import-title = history import { $file }: { $rows } rows, { $results } end results, into { $store } (fingerprints only)
import-left-out-retention = left out, past retention: { $months }
import-left-out-run-here = left out, run here (an import never replaces those): { $months }
stats-title = { $store }: { $months } months kept (retention { $retention } months; a month's folder and records go in the month shown)
purge-nothing = nothing to remove from the history store: it holds nothing before { $before }
purge-removed = removed { $months } from the history store (before { $before }, { $retention } months before { $day })
purge-file = removed { $file }
purge-decisions = removed { $decisions } remembered review decision(s) past retention

## init and profile

init-code = --code { $code }: expected a CBS municipality code, GM and four digits (GM0363) or four digits
init-name = --gemeente: give the municipality's name (no quotes)
init-occupied = the folder exists and is not empty; init never overwrites (choose a new folder)
init-done = { $dir }: a new municipality ({ $name }, { $code }): { $files }; folders brp/, partners/, lijsten/, exports/.
    Next: follow { $checklist } step by step.
profile-type = --type { $value }: not a partner type; one of { $types }
profile-cannot-create = cannot create (an existing file is never overwritten): { $why }
profile-written = draft profile written; check every line
word-and = and
profile-missing = no column found for { $fields }; name it in the profile

## rulebook check and test

rulebooks-checked = { $rulebooks ->
        [one] { $rulebooks } rulebook
       *[other] { $rulebooks } rulebooks
    } checked: { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] { $warnings } warning
       *[other] { $warnings } warnings
    }
rulebook-errors = { $errors } errors in the rulebooks
example-failed = FAIL { $rulebook }:{ $line }: example `{ $example }`: expected { $expected }, got { $got }{ $fired }{ $also }
example-rule-fired = { " " }(rule `{ $rule }` fired)
example-by-rule = { " " }by rule `{ $rule }`
example-also = { " " }also { $lists }
examples-tested = { $rulebook }: { $examples } examples, { $passed } passed, { $failed } failed
examples-failed = { $failed } examples failed

## Rulebook diagnostics

rb-type = { $what }: expected { $expected }, found { $found }
rb-expected-one-of = ; expected one of: { $keys }
rb-unknown-key = unknown key `{ $key }` in { $what }{ $hint }
rb-not-a-number = { $what }: not a usable number
rb-negative = { $what }: must not be negative
rb-whole-number = { $what }: expected a whole number
rb-at-most = { $what }: at most { $max }
rb-not-one-of = { $what }: `{ $value }` is not one of { $names }{ $hint }
rb-screening-default = screening.{ $key } is not set: the default `{ $default }` applies; write it in [screening] so the rulebook says what it does
rb-no-queue = the rulebook has no [[queue]]: where do households go?
rb-queue-twice = queue `{ $queue }` is defined twice (first on line { $line })
rb-unknown-queue = unknown queue `{ $queue }`{ $hint }
rb-rule-twice = rule id `{ $id }` is used twice (first on line { $line })
rb-holiday-gap = holidays: the hand-kept list has no date in { $year }, so deadlines in working days count that year's public holidays as working days; use holidays = "nl" (computed for any year) or add { $year }'s dates
rb-no-rule = the rulebook has no [[rule]]: nothing decides where households go

## Letter template and workbooks

template-unreadable = cannot read the letter template: { $why }
template-shipped = the shipped letter template
template-broken = the letter template: { $what }
workbook-unreadable = cannot read the workbook: { $why }
workbook-no-sheet = no sheet `{ $sheet }` (the workbook has: { $sheets })
workbook-empty = the workbook has no sheets
sheet-unreadable = sheet { $sheet }: cannot read: { $why }
sheet-no-header = sheet { $sheet } has no header row

## The history store

store-missing = no history store yet; it is made by `match` or `run`
store-foreign = not a vroegsignaal history store (another program's database)
store-newer = made by a newer vroegsignaal (schema { $version }; this one knows up to { $known }); use that version or newer
store-wrong-key = not the key of { $store }: its fingerprints would match none of the earlier months. Put back the key file this store was made with (from the backup); nothing was written
store-not-a-database = not a history store (not an SQLite database, or damaged)
store-busy = the history store is in use by another run; try again when it has finished
store-read-only = cannot open the history store for writing
disk-full = disk full
store-other = history store: { $what }

## Partner profiles

profile-quote = quote: must be one ASCII character
profile-needs = columns.{ $column } is required
profile-name = columns: give either full_name or surname
profile-full-name = columns: full_name cannot be combined with surname or first_names
profile-address-twice = columns: address cannot be combined with street or house_number
profile-address = columns: give address, or street and house_number, or postcode
profile-values-need = { $values } needs columns.{ $column }
profile-delimiter = delimiter: expected ";", ",", "tab" or "|"
profile-encoding = encoding: unknown encoding `{ $label }`; use "utf-8" or "windows-1252"
profile-one-column = ; the header is one column holding `{ $found }`: the file seems separated by `{ $found }`, so set `delimiter = "{ $delimiter }"` in the profile
profile-column-absent = column `{ $column }` (columns.{ $field } in { $profile }) is not in the header

## Cells that are wrong (after "field <column>:")

cell-missing = missing
cell-not-a-date = not a date (yyyy-mm-dd)
cell-not-a-whole-number = not a whole number
cell-not-a-number = not a number
cell-not-a-month = not a month (yyyy-mm)
cell-not-months = not a list of months
cell-not-amounts = not a list of amounts
cell-unknown-verdict = not a known verdict
cell-unknown-value = not a known value
cell-unknown-reason = not a known reason code
cell-bsn-or-geen = not a BSN or `geen`
cell-candidate-or-geen = expected the BSN of the right candidate, or `geen`
cell-no-such-signal = no such signal in this month's signals
cell-other-decision-earlier = a different decision for the same signal earlier in the file
cell-yes-no = expected ja or nee
cell-herhaal-incomplete = ja, but herhaal_vorig_bedrag_cent and herhaal_verschil_cent are not both filled in
cell-expected-where = expected werklijst, controleren or niet_opgepakt

## The BRP extract

register-bsn-fails-eleven-test = fails the 11-test (this row is never tied to a signal)
register-no-rows = the BRP extract has no rows
register-field-unusable = field { $field }: none of the { $rows } rows has a usable value; check columns.{ $field } in the BRP profile

## Files, lock and key

file-header-too-long = the header is { $kib } KiB long (at most { $max } KiB): not the header of an export
file-bad-bytes = column { $column }: bytes that are not valid { $encoding } (save the file as CSV UTF-8, or set `encoding = "windows-1252"` in the profile)
cannot-create-file-in = cannot create a file here
cannot-share = cannot share with the group: { $why }
lock-cannot-open = cannot open the lock file: { $why }
leftover-cannot-remove = cannot remove a file a killed run left: { $why }
key-not-a-key-file = not a vroegsignaal key file (expected 64 hex digits)
key-no-randomness = no randomness for a new key: { $why }
key-unusable = cannot use the new key
key-missing = key file missing; without it earlier records cannot be linked. Restore it from the backup (a new key would silently start a new history)
key-cannot-read = cannot read the key file: { $why }
key-cannot-create = cannot create the key file: { $why }
key-readable-by-others = the key file can be read by others (mode { $mode }); make it private with `chmod 600 { $path }`

## Reading

cannot-read = cannot read: { $why }

## Profiles, lists, model and exports

areas-columns = columns: give postcode and area (and from, to for house-number ranges)
cell-not-a-house-number = not a house number
areas-range-backwards = the range ends before it starts
areas-not-a-postcode = expected a postcode (1234 AB), or its four digits without a range
not-a-month = `{ $value }` is not a month; expected YYYY-MM (or MM-YYYY), e.g. 2026-10
person-list-columns = columns: give bsn, or surname, birth_date and postcode
cell-not-a-bsn = not a valid BSN
model-not-a-model = not a brp-model.json: { $why }
model-version = field version: model version { $version } is not supported (this vroegsignaal reads version { $supported })
model-prior = field prior: expected a probability between 0 and 1
model-field-missing = field fields: the field `{ $field }` is missing
model-level-missing = field { $field }: the level `{ $level }` is missing
model-level-probabilities = field { $field }.{ $level }: m and u must be probabilities above 0
model-level-unknown = field { $field }: unknown level `{ $level }`; expected one of { $levels }
config-no-brp = no [brp] section: where is the BRP extract?
import-unknown-partner = not a partner of the config (name it under [partners] in the profile)
no-exports = no partner exports found for { $month }
no-partner-type = no partner type: set `type` for partner `{ $partner }` in the config or `partner_type` in the profile
partner-no-export = partner `{ $partner }`: no export for { $month }
columns-same-name = columns { $first } and { $second } are both named `{ $name }`; rename one in the export

## Commands and the history store

as-of-before-month = --as-of { $as_of } is before { $month }: nothing of that month can be due
correct-had = { " " }(`{ $code }`, sent { $sent })
correct-already-has = --correct { $signal }: the partner already has this code{ $had }; nothing sent
correct-no-signal = --correct { $signal }: no signal with this id in { $month }
correct-many-partners = --correct { $signal }: { $count } partners have a signal with this id ({ $partners }); give PARTNER:ID
files-months-differ = give --month YYYY-MM: the file names do not all carry the same month
month-not-in-store = { $month } is not in the history store (never run, or past retention_months)
to-before-from = --to { $to } is before --from { $from }
store-no-month = the history store holds no month yet; give --month
compare-needs-rulebook = --compare needs a rulebook to compare with: give --rulebook
worklist-problems = { $count ->
    [one] 1 problem
   *[other] { $count } problems
    } in the work lists of { $month }; nothing exported or recorded
decisions-missing = missing, so the terugkoppeling of { $month } cannot be worked out
store-damaged-value = history store damaged: { $column } holds a value this version does not know
store-cannot-create = cannot create the history store: { $why }
stage-output-missing = missing; run `{ $stage }` (or `run`) for { $month } first
signal-no-decision = signal { $signal } has no decision; run `prioritise` for { $month } again
explain-no-signal = no signal with this id in { $month }
explain-many-partners = { $count } partners have a signal with this id ({ $partners }); give --partner
config-no-rulebook = no `rulebook` configured; give --rulebook FILE

## Work lists

worklist-on-list = { " " }on list { $list }
worklist-work-would-be-lost = case { $case } ({ $channel }){ $on } has results filled in, and this run would not put it there again{ $more }; move that work elsewhere (or undo the change to the rulebook or the area table) before prioritising this month again
worklist-two-values = field { $column }: case { $case } has another value in { $other }; keep the officer's work in one of the two and run again
worklist-and-more = { " " }(and { $more } more)

## History import

cell-not-a-partner-type = not a partner type
cell-not-an-amount = not an amount
cell-not-an-end-result = not an end result

## History import (address)

import-no-address = no address (postcode or street, and house number): the row cannot be recognised in a later month

## Rulebook: more diagnostics

rb-a-table = a table
rb-a-string = a string
rb-true-false = true or false
rb-a-number = a number
rb-names = a name or a list of names
rb-tables = [[{ $what }]] tables
rb-holidays = holidays: "nl" (the Dutch public holidays) or a list of dates
rb-holidays-calendar = holidays.calendar: only "nl" is known
rb-holidays-give-calendar = holidays: give calendar = "nl"
rb-holidays-kinds = "nl", a list of dates or a table
rb-dates = a list of dates
rb-a-date = a date (yyyy-mm-dd)
rb-holidays-date = holidays: expected a date yyyy-mm-dd
rb-queue-no-name = [[queue]] without a name
rb-queue-name = queue name: lower-case letters, digits, `-` and `_` only (it names the work list file)
rb-queue-no-contact = queue `{ $queue }` has no `contact` (brief, email, telefoon, huisbezoek, ...)
rb-capacity-per-team = capacity per team needs split_by = "wijk" on the queue
rb-queue-no-deadline = queue `{ $queue }` has no deadline: give deadline_days (28 for the usual term), deadline_working_days (3 for crisis) or deadline = "same_day"
rb-rank-form = rank: `fact asc` or `fact desc`, e.g. "total desc"
rb-rank-direction = rank: `{ $name } asc` or `{ $name } desc`
rb-rank-unsortable = rank: `{ $name }` cannot order households{ $hint }; any of: { $facts }
rb-one-deadline = give one of deadline_days, deadline_working_days and deadline
rb-rule-no-id = [[rule]] without an id
rb-screen-out-with = `{ $key }` with `screen_out`: a rule that screens out places nobody
rb-queue-and-screen-out = rule `{ $id }`: give `queue` or `screen_out`, not both
rb-rule-no-queue = rule `{ $id }` has no `queue` (or `screen_out = "reason"`)
rb-sub-reason-alone = rule `{ $id }`: `sub_reason` goes with `screen_out`
rb-sub-reason-form = sub_reason: lower-case letters, digits and `_`, at most 40 (a code, not a story)
rb-order-twice = order: `{ $name }` twice
rb-order-unknown = order: unknown step `{ $name }`{ $hint }
rb-order-missing = order: every step once; missing { $missing } (a step left out would silently not apply)
rb-too-deep = conditions nested too deep
rb-needs-conditions = `{ $key }` needs at least one table of conditions
rb-facts-are = ; facts are: { $facts }
rb-unknown-fact = unknown fact `{ $key }`{ $hint }
rb-unknown-signal-fact = { $what }: unknown signal fact `{ $key }`{ $hint }
rb-signal-facts-are = ; signal facts are: { $facts }
rb-needs-signal-fact = `{ $what }` needs at least one signal fact
rb-range-bounds = { $name }: give at_least, above, below or at_most
rb-range-empty = { $name }: no number is in this range
rb-unknown-value = { $name }: unknown value `{ $value }`{ $hint }
rb-names-or-table = a name, a list of names or a table
rb-example-no-name = [[example]] without a name
rb-example-no-signals = example `{ $name }` has no signals
rb-amounts = a list of amounts
rb-unknown-reason = expect_screened_out: unknown reason `{ $reason }`{ $hint }
rb-example-expect = example `{ $name }`: give exactly one of expect or expect_screened_out
rb-example-type = an example signal needs a partner `type`
rb-example-amount = an example signal needs an `amount` in euros

## Rulebook: consistency

rb-no-overflow = queue `{ $queue }` has a capacity but nowhere to overflow: give `overflow` (the queue that takes the rest)
rb-overflow-no-capacity = queue `{ $queue }` has `overflow` but no capacity: it never overflows
rb-backfill-no-capacity = queue `{ $queue }` has `backfill_from` but no capacity to fill
rb-backfill-itself = queue `{ $queue }` backfills from itself
rb-fallback-same-need = queue `{ $queue }` falls back to `{ $to }`, which needs the same contact detail
rb-edge-itself = queue `{ $queue }` { $edge }s into itself
rb-edge-cycle = queue `{ $queue }` { $edge }s in a cycle: { $path }
rb-rule-shadowed = rule `{ $id }` can never fire: rule `{ $earlier }` (line { $line }) comes first and catches every household it would
rb-also-capacity = rule `{ $id }`: `also` queue `{ $queue }` has a capacity; extra channels do not count against capacity, so route there with `queue` instead
rb-no-catch-all = no rule without `when` at the end: households no rule catches are not picked up (reason geen_regel)
rb-queue-unused = queue `{ $queue }` is never used by a rule or another queue
rb-needs-phone = queue `{ $queue }` needs a phone number but has no `fallback`: households without one stay on this list
rb-needs-email = queue `{ $queue }` needs an e-mail address but has no `fallback`: households without one stay on this list
rb-example-twice = example name `{ $name }` is used twice
rb-first-of-more = { $first } (and { $more } more; see `vroegsignaal rulebook check { $path }`)

## Profile guess (the comments in the draft)

guess-head = Draft profile guessed from { $file } by `vroegsignaal profile guess`.
guess-check = Check every line; try it with `vroegsignaal ingest --profile THIS FILE --out /tmp/try`.
guess-description = Guessed from { $file }
guess-delimiter = the most frequent separator in the header
guess-encoding = the file is not valid UTF-8
guess-header-row = the lines above it are titles
guess-not-found = NOT FOUND: required; name the column
guess-unused = not used: { $columns }
guess-by-header = the header `{ $header }`
guess-kind-codes = kind: column `{ $header }` holds codes ({ $codes }); map them to vroegsignaal, crisis, eindelevering or geactualiseerd in [kind_values] and name the column
guess-a-postcode = a postcode
guess-an-email = an e-mail address
guess-a-bsn = a BSN
guess-a-phone = a phone number
guess-an-amount = an amount with cents
guess-share = { $share }% of { $values } values are { $what }
guess-dates = all { $dates } dates are written so
guess-comma = { $amounts } amounts have cents after a comma
guess-point = { $amounts } amounts have cents after a point

## More messages

register-bsn-twice = field bsn: the same BSN as on line { $line }; the register extract must have one row per person
profile-column-required = columns.{ $name } is required
signal-other-month = signal from line { $line } of { $file } belongs to another month than { $month }; give the month the file was made for
feedback-month-not-in-store = { $month } is not in the history store (not matched yet, or past retention): what was sent before cannot be told, so nothing is exported
feedback-strict = { $problem }; nothing exported (--strict)
cannot-create = cannot create: { $why }
cannot-write = cannot write: { $why }
cannot-create-folder = cannot create the folder: { $why }
cannot-restrict = cannot restrict permissions: { $why }
file-pattern = file pattern `{ $pattern }`: { $why }
file-line-too-long = line { $line } is longer than { $max } KiB: not an export with one row per line (no line breaks, or another kind of file)
correct-nothing-due = --correct { $signal }: no code is due for this signal yet (no end result recorded, and its term has not passed)
import-columns = columns: give partner, received and amount, and bsn or surname, birth_date and an address
file-name-month = the file name says { $named }, not { $month }: give --month { $named }, or set `month_in_file_name = false` in { $profile } if the name carries no month
config-no-partner = no [[partner]] configured
person-list-unrecognisable = neither a BSN nor surname, full birth date and postcode: this row cannot be recognised
ddas-id = signal { $signal }: field ID: empty or not unique
ddas-bsn = signal { $signal }: field client.burgerservicenummer: not nine digits
ddas-bsn-and-address = signal { $signal }: field client: a BSN and an address together
ddas-address = signal { $signal }: field client.{ $field }: missing, and without a BSN (not found in the BRP) the client needs postcode and huisnummer
ddas-case = case { $number } ({ $signal })
ddas-case-empty = { $case }: field vroegsignalen: empty
ddas-case-signal = { $case }: field vroegsignalen: { $signal } is not a signal of the delivery, or twice
ddas-case-period = { $case }: field startdatumMatchingperiode: after the end

## Clean-up and lock

retention-cannot-remove = cannot remove (past retention): { $why }
lock-cannot-lock = cannot lock: { $why }

## The command line (what clap says itself)

usage-options = [OPTIONS]
help-default = [default: { $values }]
help-possible = [possible values: { $values }]
cli-invalid-value = invalid value '{ $value }' for '{ $arg }'
cli-invalid-value-why = invalid value '{ $value }' for '{ $arg }': { $why }
cli-unknown-argument = unexpected argument '{ $arg }'{ $hint }
cli-missing = the following required arguments were not provided: { $args }
cli-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
cli-value-count = wrong number of values for '{ $arg }'
cli-more = For more information, try '--help'.

## TOML files

toml-missing-field = missing field `{ $field }`
toml-unknown-field = unknown field `{ $name }`, expected one of { $expected }
toml-unknown-value = unknown variant `{ $name }`, expected one of { $expected }
toml-invalid-type = invalid type: { $found }, expected { $expected }
toml-invalid-value = invalid value: { $found }, expected { $expected }
toml-syntax = not valid TOML: { $message }

## Table column headers

col-partner = partner
col-corrections = corrections
col-sent-before = sent before
col-next-due = next due
col-late = past the term
col-open = open
col-sent = sent
col-of-which-late = of which late
col-household = household
col-month = month
col-removed-from = removed from
col-households = households
col-status = status
col-backfilled = backfilled
col-capacity = capacity
col-capacity-new = new capacity
col-capacity-old = old capacity
col-contact = contact
col-extra = extra
col-to = to
col-new = new
col-old = old
col-overflow = overflow
col-rule-new = new rule
col-rule-old = old rule
col-from = from
col-from-to = from -> to
col-difference = difference
col-list = list
col-first-deadline = first deadline

## Help on commands

help-subcommand = Print this message or the help of the given subcommand(s)
help-subcommand-arg = Print help for the subcommand(s)

## Help: what each command does (`about-<command>`) and what each option
## means (`arg-<command>-<option>`, or `arg-<option>` for all commands)

about-vroegsignaal-ingest = Read the month's partner exports into one checked signal file
about-vroegsignaal-brp-check = Check every signal against the BRP extract
about-vroegsignaal-match = Group signals per household and add facts from history and lists
about-vroegsignaal-prioritise = Apply the rulebook and write one work list per queue
about-vroegsignaal-export-feedback = Read results from the work lists and write the terugkoppeling that is due
about-vroegsignaal-run = Run the whole monthly job: every stage and the feedback that is due
about-vroegsignaal-explain = Show why a signal ended where it did: facts, rules tried, capacity
about-vroegsignaal-rulebook = Check a rulebook or run its examples (for CI and editors)
about-vroegsignaal-rulebook-check = Report every problem in rulebooks (exit 78 when any has an error)
about-vroegsignaal-rulebook-test = Run rulebooks' examples (exit 1 when one fails)
about-vroegsignaal-export-ddas = Write the DDAS delivery to CBS for a period of months
about-vroegsignaal-report = Write the monthly report (one HTML file) and print its figures
about-vroegsignaal-history = Inspect the history store or remove what is past retention
about-vroegsignaal-history-stats = Show what the history store keeps per month
about-vroegsignaal-history-import = Bring earlier signals from the previous system (RIS, VPS) into the store, as fingerprints, so recidive and herhaal work from the first month
about-vroegsignaal-history-purge = Remove every month past the retention term now
about-vroegsignaal-init = Make the folder of a new municipality: config, BRP profile, rulebook, checklist
about-vroegsignaal-profile = Guess a partner profile from an export
about-vroegsignaal-profile-guess = Read a partner export (CSV or XLSX) and write a draft profile, with the reason for every guess
about-vroegsignaal-completions = Print shell completions (bash, zsh, fish, powershell, elvish)
about-vroegsignaal-man = Print the manual page (roff)
arg-vroegsignaal-ingest-profile = Try a layout without a config: read FILEs with this partner profile
arg-vroegsignaal-brp-check-accept_register_change = Believe a BRP extract with many fewer rows than last month's (more than `[brp] max_shrink`)
arg-vroegsignaal-match-as_of = The day of matching, as the DDAS delivery reports it [default: today]
arg-vroegsignaal-prioritise-rulebook = Rulebook to apply [default: the config's `rulebook`]
arg-vroegsignaal-prioritise-compare = Dry-run: compare with this (old) rulebook and write nothing
arg-vroegsignaal-prioritise-as_of = The day of the run: a household added after its deadline is marked te_laat [default: today]
arg-vroegsignaal-export-feedback-as_of = The day of the export: what is due by then goes out [default: today]
arg-vroegsignaal-run-as_of = The day of the run: feedback due by then goes out [default: today]
arg-vroegsignaal-explain-partner = The partner, when more than one has this id
arg-vroegsignaal-export-ddas-quiet = No notes on stderr
arg-vroegsignaal-export-ddas-wait = How long to wait for a run on the same output folder to finish
arg-vroegsignaal-export-ddas-out = The delivery file [default: <output>/ddas-<from>-<to>.json]
arg-vroegsignaal-export-ddas-as_of = The day of delivery (`aanleverdatumEnTijd`) [default: today]
arg-vroegsignaal-report-quiet = No notes on stderr
arg-vroegsignaal-report-wait = How long to wait for a run on the same output folder to finish
arg-vroegsignaal-report-month = The month to report on [default: the latest month in the history store]
arg-vroegsignaal-report-out = The HTML file [default: <output>/<month>/rapport-<month>.html]
arg-vroegsignaal-report-as_of = The day the report is about: what is open, what is late [default: today]
arg-vroegsignaal-report-rulebook = Rulebook for the capacities (and the new side of --compare) [default: the config's `rulebook`]
arg-vroegsignaal-history-stats-format = Output as a table or as JSON
arg-vroegsignaal-history-stats-wait = How long to wait for a run on the same store to finish
arg-vroegsignaal-history-import-format = Output as a table or as JSON
arg-vroegsignaal-history-import-wait = How long to wait for a run on the same store to finish
arg-vroegsignaal-history-purge-format = Output as a table or as JSON
arg-vroegsignaal-history-purge-wait = How long to wait for a run on the same store to finish
arg-vroegsignaal-init-format = Summary as a table or as JSON
arg-vroegsignaal-profile-guess-file = The partner's export
arg-vroegsignaal-profile-guess-out = Write the draft here instead of to standard output (never over a file)
arg-vroegsignaal-profile-guess-quiet = No notes on stderr
arg-accept_register_change = Believe a BRP extract with many fewer rows than last month's
arg-again = Send again what earlier exports of the month sent
arg-as_of = Count the term back from this month [default: the current month]
arg-check = Check the work lists and show what would be sent; write nothing
arg-checked = Checked signals [default: <output>/<month>/gecontroleerd.csv]
arg-code = The CBS municipality code: GM0363 or 0363
arg-compare = Add old and new queue counts side by side: the month prioritised with this (old) rulebook as well
arg-config = Municipality config [default: config/vroegsignaal.toml when present]
arg-correct = Send this one signal's code now (its result was corrected), and nothing else; `PARTNER:ID` when partners share the id
arg-decisions = A review list with the `besluit` column filled in (a BSN or `geen`)
arg-dialect = CSV files for Dutch Excel (BOM, `;`) or plain CSV (`,`)
arg-dir = The folder to make (it must not exist, or be empty)
arg-file = The export of earlier signals
arg-files = Export files to read with --profile
arg-format = Summary on stdout as a table or as JSON
arg-from = First month of the period
arg-gemeente = The municipality's name
arg-history = The history store [default: the config's `history`]
arg-input = The folder the monthly runs wrote to (what `run --out` was), with its history store [default: the config's `output` and `history`]
arg-leave_out = Leave out signals whose client cannot be named (no BSN, no postcode or house number), each named, instead of refusing the delivery
arg-matched = Matched signals [default: <output>/<month>/gekoppeld.csv]
arg-model = Use these model parameters (a `brp-model.json` of an earlier run) instead of estimating them, so a rerun or a CI check is reproducible
arg-month = Month to process, YYYY-MM [default: the latest month with exports]
arg-out = Output folder for this run instead of the config's `output`
arg-partner = Partner id for --profile [default: the profile's file name]
arg-partner_type = The partner type to write into the profile (zorg, energie, water, huur, ...)
arg-profile = How the export's columns are named (like a partner profile)
arg-quiet = No notes or progress on stderr
arg-rulebook = Rulebook [default: the config's `rulebook`]
arg-signal_id = The partner's signal id
arg-signals = Signals to check [default: <output>/<month>/signalen.csv]
arg-strict = Exit with code 1 when rows were rejected or need review
arg-supplier = Code of the software supplier (`codeGegevensleverancier`)
arg-to = Last month of the period [default: --from]
arg-wait = How long to wait for another run on the same output folder to finish
arg-wide = Tables at full width, not fitted to the terminal
arg-worklists = Work lists to read [default: every .csv in <output>/<month>/werklijsten/]
about-vroegsignaal = Monthly batch processing for vroegsignalering van schulden: partner exports and a BRP extract in, work lists and terugkoppeling out.
arg-lang = The language of messages and help: nl (default) or en; also VROEGSIGNAAL_LANG
