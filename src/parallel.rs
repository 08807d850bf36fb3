//! Work spread over the machine's cores, with results in input order (deterministic output).

/// Threads worth using: `std::thread::available_parallelism` (read once: it reads cgroup
/// files), unless [`limit_threads`] set a number.
pub fn parallelism() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    match THREADS.load(std::sync::atomic::Ordering::Relaxed) {
        0 => *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)),
        n => n,
    }
}

/// `f` of every item, in order, computed on up to one thread per core (items taken in turn from
/// a shared counter, so one slow item does not hold back a fixed share of the rest).
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = parallelism().min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else { return done };
            done.push((i, f(item)));
        }
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let helpers: Vec<_> =
            (1..threads).filter_map(|_| std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(s, work).ok()).collect();
        let mut done = work();
        for h in helpers {
            done.extend(h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

static THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Makes [`parallelism`] return `n` (0: the number of cores again), for the whole process: the
/// benchmark's one-thread measurements.
#[doc(hidden)]
pub fn limit_threads(n: usize) {
    THREADS.store(n, std::sync::atomic::Ordering::Relaxed);
}
