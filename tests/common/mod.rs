//! Helpers shared by the integration tests that drive the built `gwc` binary (std only).
#![allow(dead_code)]

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// No single `gwc` run in these tests should get anywhere near this; a hang is a bug.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// The crate root (where `examples/` lives).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `gwc` command with colour off, so that stderr is plain text.
pub fn gwc() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gwc"));
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE").env_remove("FORCE_COLOR");
    cmd
}

/// Every `examples/*.gw`, sorted. Fails the test if there are none: an empty examples
/// directory must not turn the example-driven tests into silent passes.
pub fn examples() -> Vec<PathBuf> {
    let dir = manifest_dir().join("examples");
    let mut found: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .map(|e| e.expect("reading examples/").path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "gw"))
            .collect(),
        Err(e) => panic!("cannot read {}: {e}", dir.display()),
    };
    found.sort();
    assert!(!found.is_empty(), "no examples/*.gw found in {}: the example-driven tests need at least one", dir.display());
    found
}

/// The file stem of an example, for naming per-example output directories.
pub fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A fresh directory under the system temp dir, removed (with its contents) on drop.
pub struct TempDir(PathBuf);

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!("gwc-test-{tag}-{}-{n}", std::process::id()));
        if path.exists() {
            let _ = std::fs::remove_dir_all(&path);
        }
        std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
        TempDir(path)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.0.join(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every regular file under `dir` (recursively), sorted; empty if `dir` does not exist.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.expect("read_dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// What a finished child process did.
pub struct Run {
    pub what: String,
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Run {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }
    pub fn stdout_str(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    pub fn stderr_str(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    /// "exit code 1", "exit code 101 (a Rust panic)", "killed by signal 11 (SIGSEGV: stack overflow?)".
    pub fn status_text(&self) -> String {
        match self.status.code() {
            Some(101) => "exit code 101 (a Rust panic)".to_string(),
            Some(c) => format!("exit code {c}"),
            None => signal_text(&self.status),
        }
    }
}

#[cfg(unix)]
fn signal_text(status: &ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(6) => "killed by signal 6 (SIGABRT: abort, e.g. a stack overflow)".to_string(),
        Some(11) => "killed by signal 11 (SIGSEGV: e.g. a stack overflow)".to_string(),
        Some(s) => format!("killed by signal {s}"),
        None => "no exit code".to_string(),
    }
}

#[cfg(not(unix))]
fn signal_text(_: &ExitStatus) -> String {
    "no exit code".to_string()
}

/// Shows a run in full, for assertion messages.
impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cut = |s: String| {
            if s.len() > 6000 {
                let mut end = 6000;
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                format!("{}\n... ({} bytes in all)", &s[..end], s.len())
            } else {
                s
            }
        };
        write!(
            f,
            "`{}` ended with {}\n--- stdout ---\n{}\n--- stderr ---\n{}\n--------------",
            self.what,
            self.status_text(),
            cut(self.stdout_str()),
            cut(self.stderr_str())
        )
    }
}

/// Runs `cmd` to completion (stdin closed), capturing its output; kills it and fails the test
/// if it takes longer than [`TIMEOUT`].
pub fn run(cmd: &mut Command) -> Run {
    let what = describe(cmd);
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start `{what}`: {e}"));
    // Drain both pipes on threads, so a chatty child can never block on a full pipe.
    let mut out_pipe = child.stdout.take().expect("stdout is piped");
    let mut err_pipe = child.stderr.take().expect("stderr is piped");
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("`{what}` did not finish within {TIMEOUT:?} and was killed (a hang?)");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("waiting for `{what}`: {e}"),
        }
    };
    let stdout = out_thread.join().expect("stdout reader");
    let stderr = err_thread.join().expect("stderr reader");
    Run { what, status, stdout, stderr }
}

/// `gwc build a.gw --out x`, for messages.
pub fn describe(cmd: &Command) -> String {
    let prog = Path::new(cmd.get_program()).file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let mut s = prog;
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs `gwc ARGS...`.
pub fn gwc_run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    run(gwc().args(args))
}

/// `gwc build EXAMPLE --out DIR --format FORMAT`; fails the test unless it exits 0.
pub fn build_ok(example: &Path, out: &Path, format: &str) -> Run {
    let r = run(gwc().arg("build").arg(example).arg("--out").arg(out).arg("--format").arg(format));
    assert_eq!(r.code(), Some(0), "building example {} must succeed:\n{r}", example.display());
    r
}
