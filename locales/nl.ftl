# vroegsignaal in het Nederlands (de standaard). Elke sleutel staat ook in
# en.ftl (een test controleert dat). Waarden tussen { $haakjes } vult het
# programma in; getallen zijn hele getallen.

## Voorvoegsels en algemene meldingen

note-prefix = let op
error-prefix = fout
warning-prefix = waarschuwing
rejected-prefix = afgewezen
internal-error = interne fout{ $place }: vroegsignaal liep tegen een fout in het programma aan. Er worden geen gegevens getoond; meld het commando dat u gaf.
unknown-command = fout: onbekende opdracht `{ $command }`{ $suggestion }
    opdrachten: { $commands }; zie `vroegsignaal --help`
did-you-mean = ; bedoelt u `{ $name }`?
and-more = { " " }en nog { $more }
exit-codes = Afsluitcodes: 0 goed; 1 problemen gevonden met --strict; 2 fout in gegevens of bij het draaien; 64 verkeerd gebruik; 78 config, profiel of regelboek ongeldig.
flag-help = Toon hulp (meer met '--help')
examples-heading = Voorbeelden:
flag-version = Toon de versie

## Waar een run werkt

month-taken = geen --month gegeven: { $month } genomen, de laatste maand met exports
month-missing = geen --month gegeven en geen exports van partners gevonden om de maand uit te halen
not-a-day = `{ $value }` is geen dag; verwacht JJJJ-MM-DD (of DD-MM-JJJJ), bijvoorbeeld 2026-11-30
no-config = geen config: geef --config BESTAND of werk in een map waar { $path } staat
no-rulebook = geen `rulebook` in de config: de run stopt na match (geen werklijsten)
temp-files-removed = { $folder }: { $files } tijdelijk(e) bestand(en) van een afgebroken run opgeruimd
intents-settled = een afgebroken run liet terugkoppeling half vastgelegd achter: { $finished } code(s) waarvan het bestand er stond zijn als verzonden vastgelegd, { $dropped } waarvan het bestand nooit aankwam worden opnieuw verzonden
nothing-new = niets nieuw sinds de vorige run van de maand (dezelfde bestanden, lijsten, regelboek en historie): de lijsten en bestanden zijn teruggelezen; alleen de terugkoppeling die verschuldigd werd is bepaald
store-upgrade = de historie wordt bijgewerkt van schema { $from } naar { $to }
retention-cleared = { $files } bestand(en) verwijderd uit maandmappen voorbij de bewaartermijn (vóór { $before })

## Voortgang van `run`, één regel per stap

progress-ingest = { $rows } regels gelezen, { $signals } signalen, { $rejected } afgewezen
progress-match = { $households } huishoudens
progress-prioritise = { $households } huishoudens op werklijsten, { $screened } signalen niet opgepakt
progress-feedback = { $sent } codes verzonden, { $open } open
brp-verdicts = { $found } gevonden, { $review } controleren, { $not_registered } niet ingeschreven, { $deceased } overleden

## De samenvatting van `run`

run-title = run { $month } ({ $municipality }), stand op { $day }
col-stage = stap
col-result = resultaat
run-step-ingest = { $rows } regels gelezen: { $signals } signalen, { $rejected } afgewezen
run-step-match = { $households } huishoudens: { $single } enkelvoudig, { $multiple } meervoudig, { $recidive } recidive
run-step-prioritise = { $households } huishoudens op werklijsten; { $screened } signalen niet opgepakt{ $reasons }
run-step-feedback = { $sent } codes verzonden{ $late }; { $open } signalen open{ $next }{ $overdue }
run-next-due = , eerstvolgende termijn { $day }
run-past-term = , { $signals } over de termijn
run-sent-late = { $corrected ->
        [0] { " " }({ $late } na de termijn)
       *[other] { $late ->
            [0] { " " }({ $corrected } correcties)
           *[other] { " " }({ $late } na de termijn, { $corrected } correcties)
        }
    }
run-worklists = werklijsten:    { $folder }
run-review-list = controlelijst:  { $file } ({ $signals ->
        [one] { $signals } signaal
       *[other] { $signals } signalen
    })
run-rejected = afgewezen:      { $file } ({ $rows ->
        [one] { $rows } regel
       *[other] { $rows } regels
    })
run-feedback-files = terugkoppeling: { $files } bestanden om te uploaden:
strict-run = { $rejected } regels afgewezen, { $review } signalen te controleren (--strict)
deadlines-line = deadlines: { $past } verstreken, { $today } vandaag, { $soon } binnen 3 werkdagen

## Meldingen van prioritise, ingest en terugkoppeling

case-moved = { $case }: gaat van { $from } naar { $to } (nieuwe signalen, of een ander huishouden nam de plaats in); wat op { $from } was ingevuld gaat mee
case-dropped = { $case }: stond na een eerdere run van de maand op { $list } en staat nu op geen lijst (de signalen worden niet meer opgepakt)
letters-written = { $letters } brieven in { $folder }
rejected-column = , kolom `{ $column }`
rejected-more = ... nog { $rows }, allemaal in afgewezen.csv
cases-missing = { $month }: { $cases } zaak/zaken van de werklijsten staan in geen van de gelezen lijsten (regels verwijderd?): { $ids }{ $more }; ze blijven open en krijgen geen code tot ze weer op een lijst staan
corrections-sent = { $month }: { $signals } { $would ->
        [yes] signaal/signalen zou(den) een nieuwe code krijgen
       *[no] signaal/signalen kregen een nieuwe code
    } die de eerder verzonden code corrigeert (een resultaat later vastgelegd of gewijzigd): { $ids }

## Samenvattingen van de losse stappen

total = totaal
col-signals = signalen
col-files = bestanden
col-rows = regels
col-accepted = geaccepteerd
col-rejected = afgewezen
col-rejected-by-reason = afgewezen per reden
col-warnings = waarschuwingen
ingest-title = ingest { $month }: signalen in { $folder }
strict-rejected = { $rows } regels afgewezen (--strict)
brp-title = brp-check { $month }: { $rows } regels in het uittreksel; controlelijst in { $file }
brp-reasons = redenen: { $reasons }
strict-review = { $signals } signalen moeten gecontroleerd worden (--strict)
match-title = match { $month }: huishoudens in { $file }
history-holds = de historie bewaart { $months } maanden
history-removed = historie: { $months } verwijderd (voorbij de bewaartermijn)
prioritise-title = prioritise { $month }: { $households } huishoudens op werklijsten in { $folder }
prioritise-footer = niet opgepakt: { $screened } signalen{ $reasons }
    wacht op BRP-controle: { $review } signalen
dry-run-title = proefdraaien: { $old } (oud) tegen { $new } (nieuw), { $households } huishoudens; niets geschreven
dry-run-moves = { $households } huishoudens verschuiven
feedback-title = export-feedback { $month } stand op { $day } (termijn { $term } dagen): { $codes } codes { $would ->
        [yes] zouden verzonden worden (--check: niets geschreven)
       *[no] verzonden
    }{ $files }
feedback-files-in = , bestanden in { $folder }
feedback-codes = codes: { $codes }
feedback-no-lists = geen werklijsten gelezen; resultaten uit de historie
feedback-lists = werklijsten: { $cases } zaken, { $results } met eindresultaat, { $attempts } contactpogingen
feedback-other-month = { $month }: { $codes } codes { $would ->
        [yes] zouden verzonden worden
       *[no] verzonden
    } ({ $late } na de termijn, { $corrected } correcties)

## Problemen in een werklijst die een medewerker invulde

field-problem = veld { $column }: { $what }
suggest-value = bedoelt u `{ $name }`?
allowed-values = toegestaan: { $values }
wl-other-month = de werklijst is van { $list_month }, niet van { $month }; lees hem met --month { $list_month }
wl-expected-case = verwacht `{ $case }` zoals prioritise het schreef
wl-unknown-household = `{ $household }` is geen huishouden op de werklijsten van { $month }
wl-unknown-signal = signaal `{ $signal }` is geen signaal van { $month }
wl-signal-elsewhere = signaal `{ $signal }` staat niet op de werklijst voor dit huishouden
wl-not-a-date = geen datum (jjjj-mm-dd of d-m-jjjj)
wl-date-before = { $date } ligt vóór de dag dat het signaal binnenkwam ({ $received })
wl-date-after = { $date } ligt na { $day } (de dag van deze export; zie --as-of)
wl-attempt-kind-missing = ontbreekt (hoe de poging werd gedaan)
wl-not-contact-kind = `{ $value }` is geen soort contact; { $help }
wl-attempt-date-missing = ontbreekt (de datum van de poging)
wl-not-dagdeel = `{ $value }` is geen dagdeel; { $help }
wl-reached-missing = ontbreekt (ja of nee: is de inwoner bereikt?)
wl-expected-yes-no = verwacht ja of nee
wl-date-without-result = een datum zonder eindresultaat
wl-not-end-result = `{ $value }` is geen eindresultaat; { $help }
wl-result-date-missing = ontbreekt (de datum van het eindresultaat)
wl-result-before-attempt = het eindresultaat is gedateerd op { $date }, vóór contactpoging { $attempt } ({ $attempt_date }); leg het resultaat vast na de poging die ertoe leidde
wl-result-says-contact = `{ $result }` zegt dat er eerder contact was, maar geen contactpoging heeft bereikt = ja
wl-result-needs-contact = `{ $result }` vertelt de partner dat de inwoner hulp wil, maar geen contactpoging heeft bereikt = ja
wl-result-unreached = `{ $result }`, maar een contactpoging heeft bereikt = ja
wl-two-results = huishouden { $household } heeft een ander eindresultaat in { $other } (`{ $a }` op { $a_date } daar, `{ $b }` op { $b_date } hier); één zaak heeft één eindresultaat

## Bestanden lezen

io-not-found = bestand of map bestaat niet
io-permission = geen toestemming
cannot-open = kan niet openen: { $why }
file-is-directory = is een map, verwacht een CSV-bestand
file-empty = het bestand is leeg (verwacht een kopregel)
file-binary = geen tekstbestand (binaire gegevens); verwacht een CSV-export
file-no-header = het bestand heeft geen kopregel
file-cut-off = de laatste regel is afgebroken ({ $fields } van { $header } velden, en geen regeleinde): het bestand is onvolledig; vraag het opnieuw op
file-open-quote = een veld tussen aanhalingstekens wordt geopend en nooit gesloten (een `"` zonder paar); de regels erna zijn niet te lezen
column-missing = kolom `{ $column }` ontbreekt
field-count = { $fields } velden waar de kopregel er { $header } heeft
another-run = een andere run van vroegsignaal werkt in deze map; { $seconds } s gewacht. Probeer het opnieuw als die klaar is (of wacht langer met --wait SECONDEN)

## Meldingen van de stappen

header-only = alleen een kopregel, geen signalen
garbled-text = tekst zoals `Ã©` of `Ã˜` in { $rows } regel(s): het bestand is waarschijnlijk twee keer van tekenset omgezet en namen zijn verminkt; vraag de partner om een schone export
brp-model-kept = brp-model: de parameters van de eerdere run van deze maand blijven (hetzelfde uittreksel), zodat eerder gecontroleerde signalen hun oordeel houden
register-field-unknown = veld { $column }: { $what }; als onbekend behandeld
register-more-problems = ... nog { $rows } regels in het uittreksel met onleesbare velden
register-same-people = dezelfde personen als het uittreksel van { $month }: is het wel dat van deze maand?
register-shrunk = { $rows } regels, { $drop }% minder dan de { $before_rows } van { $month } (meer dan max_shrink { $max }%): het uittreksel is misschien onvolledig. Controleer het, of geef --accept-register-change als het register echt kleiner werd
month-past-retention = { $month } ligt meer dan { $months } maanden vóór { $latest }, de laatste maand in de historie: de maand wordt gekoppeld en meteen weer uit de historie verwijderd

## De monitor

ddas-left-out = weggelaten (geen BSN, postcode of huisnummer): { $signals }
ddas-title = export-ddas { $from } tot en met { $to }: { $signals } signalen ({ $by_bsn } op BSN, de rest op postcode en huisnummer), { $cases } zaken ({ $results } met eindresultaat, { $attempts } contactpogingen)
    geschreven naar { $file }
ddas-partner-types = partnertypes: { $types }
ddas-signal-left-out = signaal { $signal }: weggelaten: zonder BSN (niet gevonden in de BRP) heeft de cliënt postcode en huisnummer nodig
ddas-problems = { $problems ->
        [one] { $problems } probleem
       *[other] { $problems } problemen
    } in de levering; die zou niet valideren, dus er is niets geschreven{ $leave_out ->
        [yes] {""}
       *[no] { " " }(los ze op, of geef --leave-out om te leveren zonder de genoemde signalen)
    }
report-title = rapportage { $month } ({ $municipality }), stand op { $day }: geschreven naar { $file }

## Problemen in de config

config-problems = { $problems } probleem/problemen in { $file }
config-code = municipality.code: verwacht vier cijfers, bijvoorbeeld "0363"
config-partner-id = partner id: alleen letters, cijfers, `-` en `_` (het geeft bestanden hun naam)
config-partner-twice = partner id `{ $id }` komt twee keer voor
config-term-days = feedback.term_days: verwacht 1 tot 366 dagen (de wet zegt 28)
config-retention = retention_months: verwacht 1 (de vorige maand is nodig voor herhaal) tot 1200
config-max-amount = max_amount: verwacht 1 tot 1000000000 euro
config-brp-scores = brp: found_at en review_at zijn kansen op een match tussen 0 en 1 (bijvoorbeeld found_at = 0.95, review_at = 0.5), geen scores van 0-100 meer
config-brp-order = brp: verwacht 0 < review_at <= found_at < 1
config-max-shrink = brp.max_shrink: een aandeel tussen 0 en 1 (0.05 is 5%)

## explain

explain-head = signaal { $partner }:{ $signal } ({ $month }), huishouden { $household }
    BRP: { $brp }
    screening: { $screening }
explain-facts = feiten van het huishouden:
explain-rules = regels van { $rulebook } (de eerste die past, telt):
explain-match = PAST
explain-no-match = nee{"  "}
explain-capacity = capaciteit
explain-result = resultaat
explain-review-by = BRP-besluit door

## history

history-no-config = geen config: geef --config BESTAND of --history BESTAND, of werk in een map waar { $path } staat
import-no-config = geen config: geef --config BESTAND, of werk in een map waar { $path } staat (de partners komen eruit)
import-title = history import { $file }: { $rows } regels, { $results } eindresultaten, in { $store } (alleen vingerafdrukken)
import-left-out-retention = weggelaten, voorbij de bewaartermijn: { $months }
import-left-out-run-here = weggelaten, hier gedraaid (een import vervangt die nooit): { $months }
stats-title = { $store }: { $months } maanden bewaard (bewaartermijn { $retention } maanden; de map en gegevens van een maand gaan weg in de getoonde maand)
purge-nothing = niets te verwijderen uit de historie: die bevat niets van vóór { $before }
purge-removed = { $months } verwijderd uit de historie (vóór { $before }, { $retention } maanden vóór { $day })
purge-file = { $file } verwijderd
purge-decisions = { $decisions } onthouden BRP-besluit(en) voorbij de bewaartermijn verwijderd

## init en profile

init-code = --code { $code }: verwacht een CBS-gemeentecode, GM en vier cijfers (GM0363) of vier cijfers
init-name = --gemeente: geef de naam van de gemeente (zonder aanhalingstekens)
init-occupied = de map bestaat en is niet leeg; init overschrijft nooit (kies een nieuwe map)
init-done = { $dir }: een nieuwe gemeente ({ $name }, { $code }): { $files }; mappen brp/, partners/, lijsten/, exports/.
    Volgende stap: volg { $checklist } stap voor stap.
profile-type = --type { $value }: geen partnertype; een van { $types }
profile-cannot-create = kan niet maken (een bestaand bestand wordt nooit overschreven): { $why }
profile-written = conceptprofiel geschreven; controleer elke regel
word-and = en
profile-missing = geen kolom gevonden voor { $fields }; noem die in het profiel

## rulebook check en test

rulebooks-checked = { $rulebooks ->
        [one] { $rulebooks } regelboek
       *[other] { $rulebooks } regelboeken
    } gecontroleerd: { $errors ->
        [one] { $errors } fout
       *[other] { $errors } fouten
    }, { $warnings ->
        [one] { $warnings } waarschuwing
       *[other] { $warnings } waarschuwingen
    }
rulebook-errors = { $errors } fouten in de regelboeken
example-failed = MIS { $rulebook }:{ $line }: voorbeeld `{ $example }`: verwacht { $expected }, kreeg { $got }{ $fired }{ $also }
example-rule-fired = { " " }(regel `{ $rule }` paste)
example-by-rule = { " " }door regel `{ $rule }`
example-also = { " " }ook { $lists }
examples-tested = { $rulebook }: { $examples } voorbeelden, { $passed } goed, { $failed } mis
examples-failed = { $failed } voorbeelden mis

## Meldingen over het regelboek

rb-type = { $what }: verwacht { $expected }, gevonden { $found }
rb-expected-one-of = ; verwacht een van: { $keys }
rb-unknown-key = onbekende sleutel `{ $key }` in { $what }{ $hint }
rb-not-a-number = { $what }: geen bruikbaar getal
rb-negative = { $what }: mag niet negatief zijn
rb-whole-number = { $what }: verwacht een geheel getal
rb-at-most = { $what }: hoogstens { $max }
rb-not-one-of = { $what }: `{ $value }` is niet een van { $names }{ $hint }
rb-screening-default = screening.{ $key } is niet ingesteld: de standaard `{ $default }` geldt; schrijf het in [screening] zodat het regelboek zegt wat het doet
rb-no-queue = het regelboek heeft geen [[queue]]: waar gaan huishoudens heen?
rb-queue-twice = wachtrij `{ $queue }` is twee keer gedefinieerd (eerst op regel { $line })
rb-unknown-queue = onbekende wachtrij `{ $queue }`{ $hint }
rb-rule-twice = regel-id `{ $id }` wordt twee keer gebruikt (eerst op regel { $line })
rb-holiday-gap = holidays: de eigen lijst heeft geen datum in { $year }, dus deadlines in werkdagen tellen de feestdagen van dat jaar als werkdag; gebruik holidays = "nl" (voor elk jaar berekend) of voeg de data van { $year } toe
rb-no-rule = het regelboek heeft geen [[rule]]: niets beslist waar huishoudens heen gaan

## Briefsjabloon en werkmappen

template-unreadable = kan het briefsjabloon niet lezen: { $why }
template-shipped = het meegeleverde briefsjabloon
template-broken = het briefsjabloon: { $what }
workbook-unreadable = kan de werkmap niet lezen: { $why }
workbook-no-sheet = geen blad `{ $sheet }` (de werkmap heeft: { $sheets })
workbook-empty = de werkmap heeft geen bladen
sheet-unreadable = blad { $sheet }: kan niet lezen: { $why }
sheet-no-header = blad { $sheet } heeft geen kopregel

## De historie

store-missing = nog geen historie; die wordt gemaakt door `match` of `run`
store-foreign = geen historie van vroegsignaal (de database van een ander programma)
store-newer = gemaakt door een nieuwere vroegsignaal (schema { $version }; deze kent tot { $known }); gebruik die versie of nieuwer
store-wrong-key = niet de sleutel van { $store }: de vingerafdrukken zouden met geen enkele eerdere maand overeenkomen. Zet het sleutelbestand terug waarmee deze historie is gemaakt (uit de back-up); er is niets geschreven
store-not-a-database = geen historie (geen SQLite-database, of beschadigd)
store-busy = de historie is in gebruik door een andere run; probeer het opnieuw als die klaar is
store-read-only = kan de historie niet openen om te schrijven
disk-full = schijf vol
store-other = historie: { $what }

## Partnerprofielen

profile-quote = quote: moet één ASCII-teken zijn
profile-needs = columns.{ $column } is verplicht
profile-name = columns: geef full_name of surname
profile-full-name = columns: full_name gaat niet samen met surname of first_names
profile-address-twice = columns: address gaat niet samen met street of house_number
profile-address = columns: geef address, of street en house_number, of postcode
profile-values-need = { $values } heeft columns.{ $column } nodig
profile-delimiter = delimiter: verwacht ";", ",", "tab" of "|"
profile-encoding = encoding: onbekende tekenset `{ $label }`; gebruik "utf-8" of "windows-1252"
profile-one-column = ; de kopregel is één kolom met `{ $found }` erin: het bestand lijkt gescheiden door `{ $found }`, zet dus `delimiter = "{ $delimiter }"` in het profiel
profile-column-absent = kolom `{ $column }` (columns.{ $field } in { $profile }) staat niet in de kopregel

## Cellen die niet kloppen (na "veld <kolom>:")

cell-missing = ontbreekt
cell-not-a-date = geen datum (jjjj-mm-dd)
cell-not-a-whole-number = geen heel getal
cell-not-a-number = geen getal
cell-not-a-month = geen maand (jjjj-mm)
cell-not-months = geen lijst van maanden
cell-not-amounts = geen lijst van bedragen
cell-unknown-verdict = geen bekend BRP-oordeel
cell-unknown-value = geen bekende waarde
cell-unknown-reason = geen bekende redencode
cell-bsn-or-geen = geen BSN en ook niet `geen`
cell-candidate-or-geen = verwacht het BSN van de juiste kandidaat, of `geen`
cell-no-such-signal = dit signaal staat niet bij de signalen van deze maand
cell-other-decision-earlier = eerder in het bestand staat een ander besluit voor hetzelfde signaal
cell-yes-no = verwacht ja of nee
cell-herhaal-incomplete = ja, maar herhaal_vorig_bedrag_cent en herhaal_verschil_cent zijn niet allebei ingevuld
cell-expected-where = verwacht werklijst, controleren of niet_opgepakt

## Het BRP-uittreksel

register-bsn-fails-eleven-test = voldoet niet aan de elfproef (deze rij wordt nooit aan een signaal gekoppeld)
register-no-rows = het BRP-uittreksel heeft geen rijen
register-field-unusable = veld { $field }: geen van de { $rows } rijen heeft een bruikbare waarde; controleer columns.{ $field } in het BRP-profiel

## Bestanden, slot en sleutel

file-header-too-long = de kopregel is { $kib } KiB lang (hoogstens { $max } KiB): dit is niet de kopregel van een export
file-bad-bytes = kolom { $column }: bytes die geen geldige { $encoding } zijn (sla het bestand op als CSV UTF-8, of zet `encoding = "windows-1252"` in het profiel)
cannot-create-file-in = kan hier geen bestand maken
cannot-share = kan niet met de groep delen: { $why }
lock-cannot-open = kan het slotbestand niet openen: { $why }
leftover-cannot-remove = kan een bestand dat een afgebroken run achterliet niet verwijderen: { $why }
key-not-a-key-file = geen sleutelbestand van vroegsignaal (verwacht 64 hexadecimale cijfers)
key-no-randomness = geen toeval beschikbaar voor een nieuwe sleutel: { $why }
key-unusable = de nieuwe sleutel is onbruikbaar
key-missing = het sleutelbestand ontbreekt; zonder sleutel zijn eerdere gegevens niet te koppelen. Zet het terug uit de back-up (een nieuwe sleutel zou ongemerkt een nieuwe historie beginnen)
key-cannot-read = kan het sleutelbestand niet lezen: { $why }
key-cannot-create = kan het sleutelbestand niet maken: { $why }
key-readable-by-others = anderen kunnen het sleutelbestand lezen (modus { $mode }); maak het privé met `chmod 600 { $path }`

## Lezen

cannot-read = kan niet lezen: { $why }

## Profielen, lijsten, model en exports

areas-columns = columns: geef postcode en wijk (en from, to voor huisnummerreeksen)
cell-not-a-house-number = geen huisnummer
areas-range-backwards = de reeks eindigt voor hij begint
areas-not-a-postcode = verwacht een postcode (1234 AB), of de vier cijfers ervan zonder reeks
not-a-month = `{ $value }` is geen maand; verwacht JJJJ-MM (of MM-JJJJ), bijvoorbeeld 2026-10
person-list-columns = columns: geef bsn, of surname, birth_date en postcode
cell-not-a-bsn = geen geldig BSN
model-not-a-model = geen brp-model.json: { $why }
model-version = veld version: modelversie { $version } wordt niet ondersteund (deze vroegsignaal leest versie { $supported })
model-prior = veld prior: verwacht een kans tussen 0 en 1
model-field-missing = veld fields: het veld `{ $field }` ontbreekt
model-level-missing = veld { $field }: het niveau `{ $level }` ontbreekt
model-level-probabilities = veld { $field }.{ $level }: m en u moeten kansen boven 0 zijn
model-level-unknown = veld { $field }: onbekend niveau `{ $level }`; verwacht een van { $levels }
config-no-brp = geen sectie [brp]: waar staat het BRP-uittreksel?
import-unknown-partner = geen partner uit de config (noem hem onder [partners] in het profiel)
no-exports = geen exports van partners gevonden voor { $month }
no-partner-type = geen partnertype: zet `type` bij partner `{ $partner }` in de config of `partner_type` in het profiel
partner-no-export = partner `{ $partner }`: geen export voor { $month }
columns-same-name = kolom { $first } en { $second } heten allebei `{ $name }`; geef er een in de export een andere naam

## Opdrachten en de historie

as-of-before-month = --as-of { $as_of } ligt voor { $month }: van die maand kan nog niets verschuldigd zijn
correct-had = { " " }(`{ $code }`, verzonden { $sent })
correct-already-has = --correct { $signal }: de partner heeft deze code al{ $had }; niets verzonden
correct-no-signal = --correct { $signal }: geen signaal met dit id in { $month }
correct-many-partners = --correct { $signal }: { $count } partners hebben een signaal met dit id ({ $partners }); geef PARTNER:ID
files-months-differ = geef --month JJJJ-MM: de bestandsnamen dragen niet allemaal dezelfde maand
month-not-in-store = { $month } staat niet in de historie (nooit gedraaid, of ouder dan retention_months)
to-before-from = --to { $to } ligt voor --from { $from }
store-no-month = de historie bevat nog geen maand; geef --month
compare-needs-rulebook = --compare heeft een regelboek nodig om mee te vergelijken: geef --rulebook
worklist-problems = { $count ->
    [one] 1 probleem
   *[other] { $count } problemen
    } in de werklijsten van { $month }; niets geëxporteerd of vastgelegd
decisions-missing = ontbreekt, dus de terugkoppeling van { $month } is niet te bepalen
store-damaged-value = historie beschadigd: { $column } bevat een waarde die deze versie niet kent
store-cannot-create = kan de historie niet maken: { $why }
stage-output-missing = ontbreekt; draai eerst `{ $stage }` (of `run`) voor { $month }
signal-no-decision = signaal { $signal } heeft geen besluit; draai `prioritise` opnieuw voor { $month }
explain-no-signal = geen signaal met dit id in { $month }
explain-many-partners = { $count } partners hebben een signaal met dit id ({ $partners }); geef --partner
config-no-rulebook = geen `rulebook` in de config; geef --rulebook BESTAND

## Werklijsten

worklist-on-list = { " " }op lijst { $list }
worklist-work-would-be-lost = zaak { $case } ({ $channel }){ $on } heeft ingevulde resultaten, en deze run zou hem daar niet opnieuw zetten{ $more }; zet dat werk ergens anders neer (of maak de wijziging in het regelboek of de wijkentabel ongedaan) voor u deze maand opnieuw prioriteert
worklist-two-values = veld { $column }: zaak { $case } heeft een andere waarde in { $other }; houd het werk van de medewerker in een van de twee en draai opnieuw
worklist-and-more = { " " }(en nog { $more })

## Historie-import

cell-not-a-partner-type = geen partnertype
cell-not-an-amount = geen bedrag
cell-not-an-end-result = geen eindresultaat

## Historie-import (adres)

import-no-address = geen adres (postcode of straat, en huisnummer): de rij is in een latere maand niet te herkennen

## Regelboek: meer meldingen

rb-a-table = een tabel
rb-a-string = tekst
rb-true-false = true of false
rb-a-number = een getal
rb-names = een naam of een lijst van namen
rb-tables = [[{ $what }]]-tabellen
rb-holidays = holidays: "nl" (de Nederlandse feestdagen) of een lijst van data
rb-holidays-calendar = holidays.calendar: alleen "nl" is bekend
rb-holidays-give-calendar = holidays: geef calendar = "nl"
rb-holidays-kinds = "nl", een lijst van data of een tabel
rb-dates = een lijst van data
rb-a-date = een datum (jjjj-mm-dd)
rb-holidays-date = holidays: verwacht een datum jjjj-mm-dd
rb-queue-no-name = [[queue]] zonder naam
rb-queue-name = naam van de wachtrij: alleen kleine letters, cijfers, `-` en `_` (de naam wordt de bestandsnaam van de werklijst)
rb-queue-no-contact = wachtrij `{ $queue }` heeft geen `contact` (brief, email, telefoon, huisbezoek, ...)
rb-capacity-per-team = capaciteit per team vraagt split_by = "wijk" op de wachtrij
rb-queue-no-deadline = wachtrij `{ $queue }` heeft geen deadline: geef deadline_days (28 voor de gewone termijn), deadline_working_days (3 voor crisis) of deadline = "same_day"
rb-rank-form = rank: `feit asc` of `feit desc`, bijvoorbeeld "total desc"
rb-rank-direction = rank: `{ $name } asc` of `{ $name } desc`
rb-rank-unsortable = rank: op `{ $name }` zijn huishoudens niet te ordenen{ $hint }; wel op: { $facts }
rb-one-deadline = geef een van deadline_days, deadline_working_days en deadline
rb-rule-no-id = [[rule]] zonder id
rb-screen-out-with = `{ $key }` met `screen_out`: een regel die uitfiltert plaatst niemand
rb-queue-and-screen-out = regel `{ $id }`: geef `queue` of `screen_out`, niet allebei
rb-rule-no-queue = regel `{ $id }` heeft geen `queue` (of `screen_out = "reden"`)
rb-sub-reason-alone = regel `{ $id }`: `sub_reason` hoort bij `screen_out`
rb-sub-reason-form = sub_reason: kleine letters, cijfers en `_`, hoogstens 40 (een code, geen verhaal)
rb-order-twice = order: `{ $name }` twee keer
rb-order-unknown = order: onbekende stap `{ $name }`{ $hint }
rb-order-missing = order: elke stap een keer; { $missing } ontbreekt (een weggelaten stap zou ongemerkt niet gelden)
rb-too-deep = voorwaarden te diep genest
rb-needs-conditions = `{ $key }` vraagt ten minste een tabel met voorwaarden
rb-facts-are = ; de feiten zijn: { $facts }
rb-unknown-fact = onbekend feit `{ $key }`{ $hint }
rb-unknown-signal-fact = { $what }: onbekend signaalfeit `{ $key }`{ $hint }
rb-signal-facts-are = ; de signaalfeiten zijn: { $facts }
rb-needs-signal-fact = `{ $what }` vraagt ten minste een signaalfeit
rb-range-bounds = { $name }: geef at_least, above, below of at_most
rb-range-empty = { $name }: geen enkel getal valt in dit bereik
rb-unknown-value = { $name }: onbekende waarde `{ $value }`{ $hint }
rb-names-or-table = een naam, een lijst van namen of een tabel
rb-example-no-name = [[example]] zonder naam
rb-example-no-signals = voorbeeld `{ $name }` heeft geen signalen
rb-amounts = een lijst van bedragen
rb-unknown-reason = expect_screened_out: onbekende reden `{ $reason }`{ $hint }
rb-example-expect = voorbeeld `{ $name }`: geef precies een van expect en expect_screened_out
rb-example-type = een voorbeeldsignaal vraagt een partner-`type`
rb-example-amount = een voorbeeldsignaal vraagt een `amount` in euro

## Regelboek: samenhang

rb-no-overflow = wachtrij `{ $queue }` heeft een capaciteit maar kan nergens heen overlopen: geef `overflow` (de wachtrij die de rest neemt)
rb-overflow-no-capacity = wachtrij `{ $queue }` heeft `overflow` maar geen capaciteit: hij loopt nooit over
rb-backfill-no-capacity = wachtrij `{ $queue }` heeft `backfill_from` maar geen capaciteit om aan te vullen
rb-backfill-itself = wachtrij `{ $queue }` vult aan uit zichzelf
rb-fallback-same-need = wachtrij `{ $queue }` valt terug op `{ $to }`, die hetzelfde contactgegeven nodig heeft
rb-edge-itself = wachtrij `{ $queue }` verwijst met { $edge } naar zichzelf
rb-edge-cycle = wachtrij `{ $queue }` verwijst met { $edge } in een kring: { $path }
rb-rule-shadowed = regel `{ $id }` kan nooit gelden: regel `{ $earlier }` (regel { $line }) komt eerst en vangt elk huishouden dat hij zou vangen
rb-also-capacity = regel `{ $id }`: `also`-wachtrij `{ $queue }` heeft een capaciteit; extra kanalen tellen niet mee voor de capaciteit, stuur er dus met `queue` heen
rb-no-catch-all = geen regel zonder `when` aan het eind: huishoudens die geen regel vangt worden niet opgepakt (reden geen_regel)
rb-queue-unused = wachtrij `{ $queue }` wordt door geen regel en geen andere wachtrij gebruikt
rb-needs-phone = wachtrij `{ $queue }` heeft een telefoonnummer nodig maar geen `fallback`: huishoudens zonder blijven op deze lijst
rb-needs-email = wachtrij `{ $queue }` heeft een e-mailadres nodig maar geen `fallback`: huishoudens zonder blijven op deze lijst
rb-example-twice = voorbeeldnaam `{ $name }` wordt twee keer gebruikt
rb-first-of-more = { $first } (en nog { $more }; zie `vroegsignaal rulebook check { $path }`)

## Profiel raden (de opmerkingen in het concept)

guess-head = Conceptprofiel, geraden uit { $file } door `vroegsignaal profile guess`.
guess-check = Controleer elke regel; probeer het met `vroegsignaal ingest --profile DIT BESTAND --out /tmp/proef`.
guess-description = Geraden uit { $file }
guess-delimiter = het scheidingsteken dat het vaakst in de kopregel staat
guess-encoding = het bestand is geen geldige UTF-8
guess-header-row = de regels erboven zijn titels
guess-not-found = NIET GEVONDEN: verplicht; noem de kolom
guess-unused = niet gebruikt: { $columns }
guess-by-header = de kopregel `{ $header }`
guess-kind-codes = kind: kolom `{ $header }` bevat codes ({ $codes }); zet ze in [kind_values] om naar vroegsignaal, crisis, eindelevering of geactualiseerd en noem de kolom
guess-a-postcode = een postcode
guess-an-email = een e-mailadres
guess-a-bsn = een BSN
guess-a-phone = een telefoonnummer
guess-an-amount = een bedrag met centen
guess-share = { $share }% van { $values } waarden is { $what }
guess-dates = alle { $dates } data zijn zo geschreven
guess-comma = { $amounts } bedragen hebben centen na een komma
guess-point = { $amounts } bedragen hebben centen na een punt

## Nog meer meldingen

register-bsn-twice = veld bsn: hetzelfde BSN als op regel { $line }; het BRP-uittreksel moet een rij per persoon hebben
profile-column-required = columns.{ $name } is verplicht
signal-other-month = het signaal van regel { $line } van { $file } hoort bij een andere maand dan { $month }; geef de maand waarvoor het bestand gemaakt is
feedback-month-not-in-store = { $month } staat niet in de historie (nog niet gekoppeld, of ouder dan de bewaartermijn): wat eerder verzonden is valt niet te zeggen, dus er wordt niets geëxporteerd
feedback-strict = { $problem }; niets geëxporteerd (--strict)
cannot-create = kan niet maken: { $why }
cannot-write = kan niet schrijven: { $why }
cannot-create-folder = kan de map niet maken: { $why }
cannot-restrict = kan de rechten niet beperken: { $why }
file-pattern = bestandspatroon `{ $pattern }`: { $why }
file-line-too-long = regel { $line } is langer dan { $max } KiB: geen export met een rij per regel (geen regeleinden, of een ander soort bestand)
correct-nothing-due = --correct { $signal }: voor dit signaal is nog geen code verschuldigd (geen eindresultaat vastgelegd, en de termijn is niet voorbij)
import-columns = columns: geef partner, received en amount, en bsn of surname, birth_date en een adres
file-name-month = de bestandsnaam zegt { $named }, niet { $month }: geef --month { $named }, of zet `month_in_file_name = false` in { $profile } als de naam geen maand draagt
config-no-partner = geen [[partner]] in de config
person-list-unrecognisable = geen BSN en ook geen achternaam, volledige geboortedatum en postcode: deze rij is niet te herkennen
ddas-id = signaal { $signal }: veld ID: leeg of niet uniek
ddas-bsn = signaal { $signal }: veld client.burgerservicenummer: geen negen cijfers
ddas-bsn-and-address = signaal { $signal }: veld client: een BSN en een adres samen
ddas-address = signaal { $signal }: veld client.{ $field }: ontbreekt, en zonder BSN (niet gevonden in de BRP) heeft de cliënt postcode en huisnummer nodig
ddas-case = zaak { $number } ({ $signal })
ddas-case-empty = { $case }: veld vroegsignalen: leeg
ddas-case-signal = { $case }: veld vroegsignalen: { $signal } is geen signaal van de levering, of staat er twee keer
ddas-case-period = { $case }: veld startdatumMatchingperiode: na het einde

## Opruimen en slot

retention-cannot-remove = kan niet verwijderen (bewaartermijn voorbij): { $why }
lock-cannot-lock = kan niet vergrendelen: { $why }

## De opdrachtregel (wat clap zelf zegt)

usage-options = [OPTIES]
help-default = [standaard: { $values }]
help-possible = [mogelijke waarden: { $values }]
cli-invalid-value = ongeldige waarde '{ $value }' voor '{ $arg }'
cli-invalid-value-why = ongeldige waarde '{ $value }' voor '{ $arg }': { $why }
cli-unknown-argument = onbekend argument '{ $arg }'{ $hint }
cli-missing = deze argumenten zijn verplicht maar ontbreken: { $args }
cli-conflict = '{ $arg }' gaat niet samen met '{ $other }'
cli-value-count = verkeerd aantal waarden voor '{ $arg }'
cli-more = Meer informatie: probeer '--help'.

## TOML-bestanden

toml-missing-field = de sleutel `{ $field }` ontbreekt
toml-unknown-field = onbekende sleutel `{ $name }`; verwacht een van: { $expected }
toml-unknown-value = onbekende waarde `{ $name }`; verwacht een van: { $expected }
toml-invalid-type = verkeerd soort waarde: { $found }, verwacht { $expected }
toml-invalid-value = ongeldige waarde: { $found }, verwacht { $expected }
toml-syntax = geen geldige TOML: { $message }

## Kolomkoppen van de tabellen

col-partner = partner
col-corrections = correcties
col-sent-before = eerder verzonden
col-next-due = eerstvolgende termijn
col-late = na de termijn
col-open = open
col-sent = verzonden
col-of-which-late = waarvan te laat
col-household = huishouden
col-month = maand
col-removed-from = verwijderd vanaf
col-households = huishoudens
col-status = status
col-backfilled = aangevuld
col-capacity = capaciteit
col-capacity-new = capaciteit nieuw
col-capacity-old = capaciteit oud
col-contact = contactvorm
col-extra = extra
col-to = naar
col-new = nieuw
col-old = oud
col-overflow = overloop
col-rule-new = regel nieuw
col-rule-old = regel oud
col-from = van
col-from-to = van -> naar
col-difference = verschil
col-list = werklijst
col-first-deadline = eerste deadline

## Hulp bij opdrachten

help-subcommand = Toon deze hulp of de hulp bij de gegeven opdracht(en)
help-subcommand-arg = De opdracht(en) om hulp bij te tonen

## Hulp: wat elke opdracht doet (`about-<opdracht>`) en wat elke optie
## betekent (`arg-<opdracht>-<optie>`, of `arg-<optie>` voor alle opdrachten)

about-vroegsignaal-ingest = Lees de exports van de partners van de maand in tot één gecontroleerd signalenbestand
about-vroegsignaal-brp-check = Controleer elk signaal tegen het BRP-uittreksel
about-vroegsignaal-match = Groepeer signalen per huishouden en voeg feiten uit de historie en de lijsten toe
about-vroegsignaal-prioritise = Pas het regelboek toe en schrijf één werklijst per wachtrij
about-vroegsignaal-export-feedback = Lees resultaten uit de werklijsten en schrijf de terugkoppeling die verschuldigd is
about-vroegsignaal-run = Draai de hele maandtaak: elke stap en de terugkoppeling die verschuldigd is
about-vroegsignaal-explain = Laat zien waarom een signaal eindigde waar het eindigde: feiten, geprobeerde regels, capaciteit
about-vroegsignaal-rulebook = Controleer een regelboek of draai de voorbeelden ervan (voor CI en editors)
about-vroegsignaal-rulebook-check = Meld elk probleem in regelboeken (afsluitcode 78 bij een fout)
about-vroegsignaal-rulebook-test = Draai de voorbeelden van regelboeken (afsluitcode 1 als er één faalt)
about-vroegsignaal-export-ddas = Schrijf de DDAS-levering aan het CBS voor een periode van maanden
about-vroegsignaal-report = Schrijf de maandrapportage (één HTML-bestand) en toon de cijfers
about-vroegsignaal-history = Bekijk de historie of verwijder wat voorbij de bewaartermijn is
about-vroegsignaal-history-stats = Toon wat de historie per maand bewaart
about-vroegsignaal-history-import = Breng eerdere signalen uit het vorige systeem (RIS, VPS) in de historie, als vingerafdrukken, zodat recidive en herhaal vanaf de eerste maand werken
about-vroegsignaal-history-purge = Verwijder nu elke maand voorbij de bewaartermijn
about-vroegsignaal-init = Maak de map van een nieuwe gemeente: config, BRP-profiel, regelboek, checklist
about-vroegsignaal-profile = Raad een partnerprofiel uit een export
about-vroegsignaal-profile-guess = Lees een export van een partner (CSV of XLSX) en schrijf een conceptprofiel, met de reden van elke gok
about-vroegsignaal-completions = Toon aanvullingen voor de shell (bash, zsh, fish, powershell, elvish)
about-vroegsignaal-man = Toon de handleiding (roff)
arg-vroegsignaal-ingest-profile = Probeer een indeling zonder config: lees BESTANDen met dit partnerprofiel
arg-vroegsignaal-brp-check-accept_register_change = Geloof een BRP-uittreksel met veel minder regels dan vorige maand (meer dan `[brp] max_shrink`)
arg-vroegsignaal-match-as_of = De dag van het koppelen, zoals de DDAS-levering die meldt [standaard: vandaag]
arg-vroegsignaal-prioritise-rulebook = Regelboek om toe te passen [standaard: de `rulebook` van de config]
arg-vroegsignaal-prioritise-compare = Proefdraaien: vergelijk met dit (oude) regelboek en schrijf niets
arg-vroegsignaal-prioritise-as_of = De dag van de run: een huishouden dat na zijn deadline wordt toegevoegd krijgt te_laat [standaard: vandaag]
arg-vroegsignaal-export-feedback-as_of = De dag van de export: wat dan verschuldigd is gaat eruit [standaard: vandaag]
arg-vroegsignaal-run-as_of = De dag van de run: terugkoppeling die dan verschuldigd is gaat eruit [standaard: vandaag]
arg-vroegsignaal-explain-partner = De partner, als meer dan één partner dit kenmerk heeft
arg-vroegsignaal-export-ddas-quiet = Geen meldingen op stderr
arg-vroegsignaal-export-ddas-wait = Hoe lang te wachten tot een andere run op dezelfde uitvoermap klaar is
arg-vroegsignaal-export-ddas-out = Het leveringsbestand [standaard: <uitvoer>/ddas-<van>-<tot>.json]
arg-vroegsignaal-export-ddas-as_of = De dag van levering (`aanleverdatumEnTijd`) [standaard: vandaag]
arg-vroegsignaal-report-quiet = Geen meldingen op stderr
arg-vroegsignaal-report-wait = Hoe lang te wachten tot een andere run op dezelfde uitvoermap klaar is
arg-vroegsignaal-report-month = De maand van de rapportage [standaard: de laatste maand in de historie]
arg-vroegsignaal-report-out = Het HTML-bestand [standaard: <uitvoer>/<maand>/rapport-<maand>.html]
arg-vroegsignaal-report-as_of = De dag waarover de rapportage gaat: wat open is, wat te laat is [standaard: vandaag]
arg-vroegsignaal-report-rulebook = Regelboek voor de capaciteiten (en de nieuwe kant van --compare) [standaard: de `rulebook` van de config]
arg-vroegsignaal-history-stats-format = Uitvoer als tabel of als JSON
arg-vroegsignaal-history-stats-wait = Hoe lang te wachten tot een run op dezelfde historie klaar is
arg-vroegsignaal-history-import-format = Uitvoer als tabel of als JSON
arg-vroegsignaal-history-import-wait = Hoe lang te wachten tot een run op dezelfde historie klaar is
arg-vroegsignaal-history-purge-format = Uitvoer als tabel of als JSON
arg-vroegsignaal-history-purge-wait = Hoe lang te wachten tot een run op dezelfde historie klaar is
arg-vroegsignaal-init-format = Samenvatting als tabel of als JSON
arg-vroegsignaal-profile-guess-file = De export van de partner
arg-vroegsignaal-profile-guess-out = Schrijf het concept hier in plaats van naar standaarduitvoer (nooit over een bestaand bestand)
arg-vroegsignaal-profile-guess-quiet = Geen meldingen op stderr
arg-accept_register_change = Geloof een BRP-uittreksel met veel minder regels dan vorige maand
arg-again = Verstuur opnieuw wat eerdere exports van de maand verstuurden
arg-as_of = De dag van de run [standaard: vandaag]
arg-check = Controleer de werklijsten en toon wat verzonden zou worden; schrijf niets
arg-checked = Gecontroleerde signalen [standaard: <uitvoer>/<maand>/gecontroleerd.csv]
arg-code = De CBS-gemeentecode: GM0363 of 0363
arg-compare = Zet oude en nieuwe aantallen per wachtrij naast elkaar: de maand ook geprioriteerd met dit (oude) regelboek
arg-config = Config van de gemeente [standaard: config/vroegsignaal.toml als die er is]
arg-correct = Verstuur nu de code van dit ene signaal (het resultaat is gecorrigeerd), en verder niets; `PARTNER:KENMERK` als partners het kenmerk delen
arg-decisions = Een controlelijst met de kolom `besluit` ingevuld (een BSN of `geen`)
arg-dialect = CSV-bestanden voor Nederlandse Excel (BOM, `;`) of gewone CSV (`,`)
arg-dir = De map om te maken (die mag niet bestaan, of moet leeg zijn)
arg-file = Het bestand
arg-files = Exportbestanden om met --profile te lezen
arg-format = Samenvatting op stdout als tabel of als JSON
arg-from = Eerste maand van de periode
arg-gemeente = De naam van de gemeente
arg-history = De historie [standaard: de `history` van de config]
arg-input = De map waarin de maandelijkse runs schreven (wat `run --out` was), met de historie [standaard: `output` en `history` van de config]
arg-lang = De taal van meldingen en hulp: nl (standaard) of en; ook VROEGSIGNAAL_LANG
arg-leave_out = Laat signalen weg waarvan de cliënt niet te benoemen is (geen BSN, geen postcode of huisnummer), elk bij kenmerk genoemd, in plaats van de levering te weigeren
arg-matched = Gekoppelde signalen [standaard: <uitvoer>/<maand>/gekoppeld.csv]
arg-model = Gebruik deze modelparameters (een `brp-model.json` van een eerdere run) in plaats van ze te schatten, zodat een herhaling of een CI-controle reproduceerbaar is
arg-month = Te verwerken maand, JJJJ-MM [standaard: de laatste maand met exports]
arg-out = Uitvoermap voor deze run in plaats van de `output` van de config
arg-partner = Partnerkenmerk voor --profile [standaard: de bestandsnaam van het profiel]
arg-partner_type = Het partnertype om in het profiel te zetten (zorg, energie, water, huur, ...)
arg-profile = Hoe de kolommen van de export heten (zoals een partnerprofiel)
arg-quiet = Geen meldingen of voortgang op stderr
arg-rulebook = Regelboek [standaard: de `rulebook` van de config]
arg-signal_id = Het kenmerk van het signaal bij de partner
arg-signals = Te controleren signalen [standaard: <uitvoer>/<maand>/signalen.csv]
arg-strict = Sluit af met code 1 als regels zijn afgewezen of gecontroleerd moeten worden
arg-supplier = Code van de softwareleverancier (`codeGegevensleverancier`)
arg-to = Laatste maand van de periode [standaard: --from]
arg-wait = Hoe lang te wachten tot een andere run op dezelfde uitvoermap klaar is
arg-wide = Tabellen op volle breedte, niet passend gemaakt op de terminal
arg-worklists = Te lezen werklijsten [standaard: elke .csv in <uitvoer>/<maand>/werklijsten/]
about-vroegsignaal = Maandelijkse verwerking voor vroegsignalering van schulden: exports van partners en een BRP-uittreksel erin, werklijsten en terugkoppeling eruit.
