//! Named points where a test can stop the process: with
//! `VROEGSIGNAAL_PAUSE_AT=<name>` the program writes `<name>.reached` in
//! `VROEGSIGNAAL_PAUSE_DIR` and waits there, so a test can kill it at exactly
//! that moment (for example inside the history transaction). Unset, a point
//! costs one environment lookup.

pub fn pause(name: &str) {
    if std::env::var_os("VROEGSIGNAAL_PAUSE_AT").is_none_or(|v| v != name) {
        return;
    }
    if let Some(dir) = std::env::var_os("VROEGSIGNAAL_PAUSE_DIR") {
        let _ = std::fs::write(
            std::path::Path::new(&dir).join(format!("{name}.reached")),
            b"",
        );
    }
    loop {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
}
