//! Outputs are written atomically: on any error, the files of a previous run are untouched (same
//! bytes, same modification time) and no partial or temporary file exists.
//!
//! - A good build, then bad programs of every kind into the same `--out`: exit 1, nothing changes.
//! - A good build, then a build whose second output cannot be written (its path is a directory):
//!   exit 2, and the first output, already renamed into place, is restored.
//! - An `--out` that cannot be created, and one that cannot be written to: exit 2, nothing left.

mod common;

use common::{files_in, gwc, run, Run, TempDir};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Two APIs, so that a build writes two files (`alpha` first, then `beta`).
fn program(description: &str) -> String {
    format!(
        r#"function app = lambda(name: "app")

rest api alpha {{
  description = "{description}"
  GET /a {{ integration = lambda_proxy(app) }}
  stage prod {{ }}
}}

rest api beta {{
  description = "{description}"
  GET /b {{ integration = mock(status: 200) }}
  stage prod {{ }}
}}
"#
    )
}

/// Every file under `dir` with its bytes and modification time.
fn state(dir: &Path) -> Vec<(PathBuf, Vec<u8>, SystemTime)> {
    files_in(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read output");
            let mtime = std::fs::metadata(&p).and_then(|m| m.modified()).expect("mtime");
            (p, bytes, mtime)
        })
        .collect()
}

fn build(src: &Path, out: &Path, extra: &[&str]) -> Run {
    run(gwc().arg("build").arg(src).arg("--out").arg(out).args(extra))
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

#[test]
fn a_failed_build_leaves_the_previous_outputs_untouched() {
    let tmp = TempDir::new("atomic-bad");
    let out = tmp.join("out");
    let good = tmp.join("good.gw");
    write(&good, program("v1").as_bytes());
    let bad_programs: Vec<(&str, Vec<u8>)> = vec![
        ("syntax error", program("v2").replace("stage prod { }\n}\n\nrest", "stage prod {\n\nrest").into_bytes()),
        ("truncated", program("v2")[..120].as_bytes().to_vec()),
        ("check error in the second API", program("v2").replace("mock(status: 200)", "mock(status: 999)").into_bytes()),
        ("unknown name", program("v2").replace("lambda_proxy(app)", "lambda_proxy(nope)").into_bytes()),
        ("invalid UTF-8", [program("v2").as_bytes(), b"\xff\xfe"].concat()),
        ("missing import", [b"import \"./gone.gw\" as gone\n".as_slice(), program("v2").as_bytes()].concat()),
        ("same API name twice", format!("{}\n{}", program("v2"), program("v2").replace("alpha", "gamma")).into_bytes()),
    ];
    for format in [&["--format", "yaml"][..], &["--format", "json"], &["--target", "terraform"], &["--target", "openapi"]] {
        let r = build(&good, &out, format);
        assert_eq!(r.code(), Some(0), "the good program must build:\n{r}");
        let before = state(&out);
        assert_eq!(before.len(), 2, "expected two outputs, got {:?}", files_in(&out));
        // Old enough that a rewrite would show in the modification time too.
        std::thread::sleep(std::time::Duration::from_millis(20));
        for (what, bytes) in &bad_programs {
            let bad = tmp.join("bad.gw");
            write(&bad, bytes);
            let r = build(&bad, &out, format);
            assert_eq!(r.code(), Some(1), "{what} ({format:?}): expected exit 1:\n{r}");
            assert!(state(&out) == before, "{what} ({format:?}): the previous outputs changed or a file was added: {:?}", files_in(&out));
        }
        std::fs::remove_dir_all(&out).expect("clean out");
    }
}

#[test]
fn a_failed_write_restores_the_outputs_already_replaced() {
    let tmp = TempDir::new("atomic-write");
    let out = tmp.join("out");
    let src = tmp.join("p.gw");
    write(&src, program("v1").as_bytes());
    assert_eq!(build(&src, &out, &[]).code(), Some(0));
    let alpha = out.join("alpha.cfn.yaml");
    let beta = out.join("beta.cfn.yaml");
    let alpha_v1 = std::fs::read(&alpha).expect("alpha written");
    // beta's output path becomes a directory: the second rename of the next build fails.
    std::fs::remove_file(&beta).expect("remove beta");
    std::fs::create_dir_all(&beta).expect("beta as a directory");
    write(&beta.join("keep"), b"kept");
    let before = state(&out);

    write(&src, program("v2").as_bytes());
    let r = build(&src, &out, &[]);
    assert_eq!(r.code(), Some(2), "a write failure is an I/O error (exit 2):\n{r}");
    assert!(r.stderr_str().contains("beta.cfn.yaml"), "the error names the file it could not write:\n{r}");
    assert_eq!(std::fs::read(&alpha).expect("alpha still there"), alpha_v1, "alpha.cfn.yaml was not restored to the previous run's text");
    let after = state(&out);
    assert_eq!(
        after.iter().map(|(p, b, _)| (p, b)).collect::<Vec<_>>(),
        before.iter().map(|(p, b, _)| (p, b)).collect::<Vec<_>>(),
        "files were added, removed or changed: {:?}",
        files_in(&out)
    );

    // And once the obstacle is gone, the same build writes both.
    std::fs::remove_dir_all(&beta).expect("remove the obstacle");
    assert_eq!(build(&src, &out, &[]).code(), Some(0));
    assert_ne!(std::fs::read(&alpha).expect("alpha"), alpha_v1, "v2 must change alpha's template");
    assert!(beta.is_file());
    assert_eq!(files_in(&out).len(), 2, "stray files: {:?}", files_in(&out));
}

#[test]
fn an_out_dir_that_cannot_be_created_or_written_is_an_io_error() {
    let tmp = TempDir::new("atomic-dir");
    let src = tmp.join("p.gw");
    write(&src, program("v1").as_bytes());
    // Below a regular file: the directory cannot be created.
    let blocker = tmp.join("a-file");
    write(&blocker, b"not a directory");
    let r = build(&src, &blocker.join("out"), &[]);
    assert_eq!(r.code(), Some(2), "{r}");
    assert_eq!(std::fs::read(&blocker).expect("blocker"), b"not a directory");
    assert_eq!(files_in(tmp.path()).len(), 2, "stray files: {:?}", files_in(tmp.path()));

    // A read-only directory. Root may write there anyway; then only say so.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = tmp.join("read-only");
        std::fs::create_dir_all(&ro).expect("mkdir");
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        let probe = ro.join("probe");
        if std::fs::write(&probe, b"").is_ok() {
            let _ = std::fs::remove_file(&probe);
            println!("NOTE: running with privileges that ignore file modes: the read-only --out case is covered by a_failed_write_restores_the_outputs_already_replaced instead");
        } else {
            let r = build(&src, &ro, &[]);
            assert_eq!(r.code(), Some(2), "{r}");
            assert!(files_in(&ro).is_empty(), "files left in a read-only dir: {:?}", files_in(&ro));
        }
        std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    }
}
