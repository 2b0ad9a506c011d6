//! The headless runner refuses a scenario it does not fully understand: a misspelt key exits
//! non-zero with the step (number, index, op) and the key, and runs nothing.

use std::process::Command;

#[test]
fn the_headless_runner_refuses_an_unknown_key_naming_the_step_and_the_key() {
    let dir = std::env::temp_dir().join(format!("strict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("typo.scenario.json");
    std::fs::write(
        &path,
        r#"{"name":"typo","server":{"cluster_id":"ticketing"},"steps":[
          {"at":0,"op":"connect","client":"a"},
          {"at":10,"op":"subscribe","client":"a","sub":"s","subject":"orders","manul_ack":true,"ack":"never"},
          {"at":20,"op":"publish","client":"a","subject":"orders","data":"x"}],"end_ms":100}"#,
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scenario"))
        .arg("run")
        .arg(&path)
        .output()
        .expect("the runner starts");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!out.status.success(), "exit status {:?}", out.status);
    assert!(out.stdout.is_empty(), "nothing ran");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "step 2 (index 1, subscribe): key `manul_ack`: unknown key; did you mean `manual_ack`?"
        ),
        "{err}"
    );
}
