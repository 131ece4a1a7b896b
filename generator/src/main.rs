//! The `d360-codegen` command: bundle, generate, check, diff.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    #[cfg(feature = "mimalloc")]
    {
        // Generation frees and reallocates whole stages; the diff reads one document after
        // another and gives each back (`mi_collect`), so it keeps mimalloc's default.
        let command = std::env::args_os().nth(1);
        let generates = matches!(
            command.as_ref().and_then(|c| c.to_str()),
            Some("generate" | "bench")
        );
        memory_settings(generates);
    }
    d360_codegen::cli::main()
}

/// Memory settings for a process that allocates a lot for a short while.
///
/// mimalloc hands freed memory back to the system 10 ms after it is freed. Generation frees
/// each stage's data (hundreds of megabytes for the biggest documents) just before the next
/// stage allocates about as much, which the system then zeroes again: keeping it halves the
/// page faults of graph-beta (680k to 340k) for a peak a fifth higher.
///
/// mimalloc also asks for transparent huge pages, which the kernel may compact memory to
/// find: on graph-beta that cost 2 to 3 s of system time against 1 s with ordinary pages.
/// mimalloc's own switch comes too late for the memory it reserves before `main`, so huge
/// pages are turned off for the process (Linux).
///
/// The process is short-lived; the memory goes back when it exits. Only the commands that
/// generate (`keep_freed`) keep freed memory; huge pages are off for every command.
#[cfg(feature = "mimalloc")]
fn memory_settings(keep_freed: bool) {
    /// `mi_option_purge_delay` in mimalloc.h (v3, the version built); -1 never purges.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    if keep_freed {
        // SAFETY: sets one of mimalloc's process-wide options, by its number in mimalloc.h,
        // before any other thread exists; every value is valid for it.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    }
    #[cfg(target_os = "linux")]
    {
        /// `PR_SET_THP_DISABLE` in linux/prctl.h.
        const PR_SET_THP_DISABLE: std::ffi::c_int = 41;
        unsafe extern "C" {
            fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
        }
        // SAFETY: `prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)` only sets a flag of this process;
        // a kernel without it returns an error, which changes nothing.
        let _ = unsafe { prctl(PR_SET_THP_DISABLE, 1 as std::ffi::c_ulong, 0, 0, 0) };
    }
}
