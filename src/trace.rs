//! What a build tells about itself while it runs: timings and memory with
//! `KOERS_DEBUG`, each job's time with `KOERS_DEBUG_JOBS`, and a progress
//! line on a terminal. Also [`free_later`], which keeps the freeing of
//! large values off the build's path.

/// Drops `value` on a thread of its own: freeing the millions of small
/// allocations of a large site's model and page values takes a core a
/// few hundred milliseconds that the build (or, at its end, the process
/// exit) need not wait for. Dropped here when no thread can be started.
pub(crate) fn free_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("koers-free".into())
        .spawn(move || drop(value));
}

/// With KOERS_DEBUG set: how long since `start`, and the memory in use.
pub(crate) fn debug_time(name: &str, start: &std::time::Instant) {
    if std::env::var_os("KOERS_DEBUG").is_some() {
        eprintln!(
            "koers:     {name} at {} ms{}{}",
            start.elapsed().as_millis(),
            resident_memory(),
            cpu_time()
        );
    }
}

/// ", CPU 1230 ms user + 450 ms system" since the process started, where
/// the system tells (Linux: in clock ticks, taken as 100 a second), else
/// nothing. Beside the wall-clock times it shows the stretches that leave
/// a core idle.
pub(crate) fn cpu_time() -> String {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which may hold spaces): utime and
    // stime are the 12th and 13th.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok());
    match (ticks(11), ticks(12)) {
        (Some(user), Some(system)) => {
            format!(", CPU {} ms user + {} ms system", user * 10, system * 10)
        }
        _ => String::new(),
    }
}

/// ", 123 MiB resident" where the system tells (Linux), else nothing.
pub(crate) fn resident_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
    kib.map_or(String::new(), |k| format!(", {} MiB resident", k / 1024))
}

/// KOERS_DEBUG_JOBS set: print each job's time (`job <kind> <µs>`).
pub(crate) fn debug_jobs() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("KOERS_DEBUG_JOBS").is_some())
}

/// Runs `work`; when `show` is set and it takes more than a second, shows
/// on one line of the terminal how many of `total` page jobs are `done`,
/// and clears that line at the end.
pub(crate) fn with_progress<T: Send>(
    show: bool,
    total: usize,
    done: &std::sync::atomic::AtomicUsize,
    work: impl FnOnce() -> T + Send,
) -> T {
    use std::sync::atomic::{AtomicBool, Ordering};
    if !show {
        return work();
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let ticker = scope.spawn(|| {
            let start = std::time::Instant::now();
            let mut shown = false;
            while !finished.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if start.elapsed() > std::time::Duration::from_secs(1) {
                    eprint!("\r{}", progress_line(done.load(Ordering::Relaxed), total));
                    shown = true;
                }
            }
            if shown {
                eprint!("\r\x1b[K");
            }
        });
        /// Stops the ticker also when `work` panics.
        struct Finished<'a>(&'a AtomicBool);
        impl Drop for Finished<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Relaxed);
            }
        }
        let result = {
            let _finished = Finished(&finished);
            work()
        };
        let _ = ticker.join();
        result
    })
}

/// `koers: rendering pages 1200/5000 (24 %)`.
fn progress_line(done: usize, total: usize) -> String {
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    format!("koers: rendering pages {done}/{total} ({percent} %)")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_progress_line_counts_pages() {
        assert_eq!(
            super::progress_line(1200, 5000),
            "koers: rendering pages 1200/5000 (24 %)"
        );
        assert_eq!(
            super::progress_line(0, 0),
            "koers: rendering pages 0/0 (100 %)"
        );
    }
}
