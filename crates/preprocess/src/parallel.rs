//! The one place where stancetag uses rayon, with an off switch.
//!
//! Parallelism is on unless the environment variable
//! `STANCETAG_PARALLELISM` is `false`, `0`, `off` or `no`, or
//! [`set_parallelism`]`(false)` was called (tests use it to compare the two).
//! [`set_threads`] sizes rayon's pool (the command line's `--threads`).

use rayon::prelude::*;
use std::sync::atomic::{AtomicU8, Ordering};

/// Environment variable that switches parallelism off (`false`, `0`, `off`, `no`).
pub const ENV_PARALLELISM: &str = "STANCETAG_PARALLELISM";

const UNSET: u8 = 0;
const ON: u8 = 1;
const OFF: u8 = 2;

static STATE: AtomicU8 = AtomicU8::new(UNSET);

/// Switches parallelism on or off for the whole process, overriding
/// `STANCETAG_PARALLELISM`.
pub fn set_parallelism(on: bool) {
    STATE.store(if on { ON } else { OFF }, Ordering::Relaxed);
}

/// True if [`par_map`] runs on rayon's thread pool.
pub fn parallelism_enabled() -> bool {
    match STATE.load(Ordering::Relaxed) {
        ON => true,
        OFF => false,
        _ => {
            let on = std::env::var(ENV_PARALLELISM).map_or(true, |v| {
                !matches!(
                    v.trim().to_ascii_lowercase().as_str(),
                    "false" | "0" | "off" | "no"
                )
            });
            // Only the first reader of the environment decides; a concurrent
            // `set_parallelism` wins.
            let _ = STATE.compare_exchange(
                UNSET,
                if on { ON } else { OFF },
                Ordering::Relaxed,
                Ordering::Relaxed,
            );
            STATE.load(Ordering::Relaxed) == ON
        }
    }
}

/// Size rayon's global pool to `threads` (at least 1). Only the first call
/// of a process can size it, before any parallel work; later calls, or a
/// pool another part of the process built first, leave it as it is, and
/// this returns false.
///
/// ```
/// use stancetag_preprocess::{par_map, set_threads};
/// let sized = set_threads(2);
/// assert_eq!(par_map(&[1, 2, 3], |x| x + 1), [2, 3, 4]);
/// assert!(!set_threads(3)); // the pool exists now
/// # let _ = sized;
/// ```
pub fn set_threads(threads: usize) -> bool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build_global()
        .is_ok()
}

/// `items.iter().map(f).collect()`, in parallel when parallelism is on. The
/// output is in input order either way.
///
/// ```
/// use stancetag_preprocess::par_map;
/// assert_eq!(par_map(&[1, 2, 3], |x| x * 10), [10, 20, 30]);
/// ```
pub fn par_map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    if items.len() > 1 && parallelism_enabled() {
        items.par_iter().map(f).collect()
    } else {
        items.iter().map(f).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_kept_with_and_without_parallelism() {
        let items: Vec<u32> = (0..1000).collect();
        set_parallelism(true);
        let on = par_map(&items, |x| x * 2);
        set_parallelism(false);
        assert!(!parallelism_enabled());
        let off = par_map(&items, |x| x * 2);
        set_parallelism(true);
        assert_eq!(on, off);
        assert_eq!(on[999], 1998);
    }
}
