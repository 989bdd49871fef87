//! Helpers shared by the fuzz targets that write output folders: a temporary folder kept for the
//! life of the process, an empty work folder per iteration, folder snapshots, and the checks every
//! target makes of errors and of `SHA256SUMS`.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use parquet::file::reader::{FileReader, SerializedFileReader};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tajik_ct_dataset::Error;
use tajik_ct_dataset::generic::{ExportOptions, export};

/// mimalloc, as in the `seedtool` binary. It also keeps the Rust code's heap apart from libFuzzer's
/// (glibc's): a stack overflow inside an allocation would otherwise leave the lock held that
/// libFuzzer's crash handler needs to record the input, and the process would hang.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A folder made once per process and kept for its whole life: under `$TMPDIR` when it is set,
/// else in memory under `/dev/shm` where there is one, since every run creates and removes dozens
/// of files (about 15 times as many runs a second as on the disk behind `/tmp` here).
pub fn process_folder(name: &str) -> PathBuf {
    let shm = Path::new("/dev/shm");
    let parent = match std::env::var_os("TMPDIR") {
        None if shm.is_dir() => shm.to_path_buf(),
        _ => std::env::temp_dir(),
    };
    tempfile::Builder::new()
        .prefix(&format!("seedtool-fuzz-{name}-"))
        .tempdir_in(parent)
        .expect("create a temporary folder")
        .keep()
}

/// Empties `dir` (creating it if need be), so that an iteration starts from a clean state.
pub fn fresh(dir: &Path) {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => panic!("remove {}: {e}", dir.display()),
    }
    std::fs::create_dir_all(dir).expect("create the work folder");
}

/// Every file below `dir` by its `/`-separated path relative to `dir`, with its bytes; `None`
/// when `dir` does not exist.
pub fn snapshot(dir: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    if !dir.exists() {
        return None;
    }
    let mut files = BTreeMap::new();
    walk(dir, "", &mut files);
    Some(files)
}

fn walk(dir: &Path, prefix: &str, files: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("list a folder") {
        let entry = entry.expect("list a folder");
        let rel = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.file_type().expect("stat").is_dir() {
            walk(&entry.path(), &format!("{rel}/"), files);
        } else {
            files.insert(rel, std::fs::read(entry.path()).expect("read a file"));
        }
    }
}

/// Writes `files` (from [`snapshot`]) into `dir`.
pub fn restore(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a parent")).expect("create");
        std::fs::write(&path, bytes).expect("write a file");
    }
}

/// The names of the entries of `dir`, sorted.
pub fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list a folder")
        .map(|e| {
            e.expect("list a folder")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Makes a stack overflow on the fuzzing thread a crash that libFuzzer records; call it from the
/// target's `init`. libFuzzer owns `main`, so the Rust runtime never sets up its stack overflow
/// handler, and without a sanitizer (`-s none`) nothing gives the signal handler a stack of its
/// own: the process just dies of SIGSEGV, and the input is lost. This gives the thread an
/// alternate signal stack and installs a handler on it that says what happened and aborts; libFuzzer
/// keeps it (and calls it from its own SIGSEGV handler), then records the abort as a crash with
/// its input. Under AddressSanitizer, which has a handler of its own already, it does nothing. In
/// safe Rust, a segmentation fault is a stack overflow.
pub fn catch_stack_overflow() {
    const SIZE: usize = 1 << 20;
    // SAFETY: plain libc calls on zeroed or filled-in structures; the stack is leaked, so it lives
    // as long as the process.
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGSEGV, std::ptr::null(), &raw mut current) != 0
            || current.sa_sigaction != libc::SIG_DFL
        {
            return;
        }
        let stack: &'static mut [u8] = Box::leak(vec![0; SIZE].into_boxed_slice());
        let alternate = libc::stack_t {
            ss_sp: stack.as_mut_ptr().cast(),
            ss_flags: 0,
            ss_size: SIZE,
        };
        assert_eq!(
            libc::sigaltstack(&raw const alternate, std::ptr::null_mut()),
            0
        );
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_segv as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&raw mut action.sa_mask);
        for signal in [libc::SIGSEGV, libc::SIGBUS] {
            assert_eq!(
                libc::sigaction(signal, &raw const action, std::ptr::null_mut()),
                0
            );
        }
    }
}

extern "C" fn on_segv(_: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
    const MESSAGE: &[u8] =
        b"\nSIGSEGV or SIGBUS: in safe Rust, a stack overflow (unbounded recursion?)\n";
    // SAFETY: write(2) and abort(3) are async-signal-safe.
    unsafe {
        libc::write(2, MESSAGE.as_ptr().cast(), MESSAGE.len());
        libc::abort();
    }
}

/// Any error is an acceptable outcome except a broken invariant of the tool itself, which it
/// reports as an "internal error": that is a bug, so it is turned into a crash.
pub fn allow_error(error: &Error) {
    let text = error.to_string();
    assert!(
        !text.contains("internal error"),
        "the tool reported an internal error: {text}"
    );
}

/// Checks that `out/SHA256SUMS` lists every other file of `out` exactly once, and that each
/// listed hash is the SHA-256 of the file.
pub fn check_sums(files: &BTreeMap<String, Vec<u8>>) {
    let sums = files
        .get("SHA256SUMS")
        .expect("the output has a SHA256SUMS");
    let sums = std::str::from_utf8(sums).expect("SHA256SUMS is UTF-8");
    let mut listed = BTreeMap::new();
    for line in sums.lines() {
        let (hash, rel) = line
            .split_once("  ")
            .unwrap_or_else(|| panic!("SHA256SUMS line without two spaces: {line:?}"));
        assert!(
            listed.insert(rel.to_owned(), hash.to_owned()).is_none(),
            "SHA256SUMS lists {rel} twice"
        );
    }
    let on_disk: Vec<&String> = files.keys().filter(|rel| *rel != "SHA256SUMS").collect();
    let in_sums: Vec<&String> = listed.keys().collect();
    assert_eq!(
        in_sums, on_disk,
        "SHA256SUMS does not list exactly the output's files"
    );
    for (rel, hash) in &listed {
        let actual: String = Sha256::digest(&files[rel])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(&actual, hash, "SHA256SUMS gives a wrong hash for {rel}");
    }
}

/// Runs a generic export into `work/out` and holds it to its promises: an error or an invalid
/// record leaves `work` empty; a valid export writes exactly `out`, with `want()` records in every
/// format of the table `stem`, and a `SHA256SUMS` that lists every file with its hash.
pub fn export_and_check(
    options: &ExportOptions,
    work: &Path,
    stem: &str,
    want: impl FnOnce() -> usize,
) {
    let nothing_written = |why: &str| {
        assert!(
            names(work).is_empty(),
            "{why}, yet the export wrote {:?}",
            names(work)
        );
    };
    let exported = match export(options) {
        Err(error) => {
            allow_error(&error);
            return nothing_written("the export failed");
        }
        Ok(exported) => exported,
    };
    std::hint::black_box(exported.report.render(&exported.files));
    std::hint::black_box(exported.report.to_json());
    if !exported.report.is_empty() {
        assert_eq!(
            exported.written, 0,
            "an invalid export reports written records"
        );
        return nothing_written("the records are invalid");
    }
    assert_eq!(names(work), ["out"]);
    let want = want();
    assert_eq!(exported.written, want, "records written");
    let files = snapshot(&options.out).expect("the output exists");
    let json: Value = serde_json::from_slice(&files[&format!("json/{stem}.json")])
        .expect("the JSON table parses");
    assert_eq!(
        json.as_array().map(Vec::len),
        Some(want),
        "rows of the JSON table"
    );
    assert!(
        files.contains_key(&format!("csv/{stem}.csv")),
        "no CSV table"
    );
    let parquet = std::fs::File::open(options.out.join(format!("parquet/{stem}.parquet")))
        .expect("open the Parquet table");
    let rows = SerializedFileReader::new(parquet)
        .expect("the Parquet table reads")
        .metadata()
        .file_metadata()
        .num_rows();
    assert_eq!(
        usize::try_from(rows).ok(),
        Some(want),
        "rows of the Parquet table"
    );
    check_sums(&files);
}
