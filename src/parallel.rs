//! Ordered parallel map: items are worked on by several threads, and their results are handed to
//! the caller's thread one by one in item order, with at most a bounded number in flight, so that
//! memory stays flat however many items there are.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

use crate::error::Error;

/// How many results may wait, done but not yet consumed, per worker.
const WINDOW_PER_WORKER: usize = 4;

/// The number of worker threads to use: the machine's cores, at least one.
#[must_use]
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// Calls `work` on every index below `count` on `threads` threads, and `consume` on the caller's
/// thread with each result in index order. The first error of either stops the run.
pub(crate) fn map_ordered<T: Send>(
    count: usize,
    threads: usize,
    work: impl Fn(usize) -> Result<T, Error> + Sync,
    mut consume: impl FnMut(usize, T) -> Result<(), Error>,
) -> Result<(), Error> {
    let threads = threads.clamp(1, count.max(1));
    if threads == 1 {
        for i in 0..count {
            consume(i, work(i)?)?;
        }
        return Ok(());
    }
    let window = threads * WINDOW_PER_WORKER;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // The index of the next result the caller will consume; workers wait while they are a
    // window ahead of it.
    let consumed = (Mutex::new(0usize), Condvar::new());
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<(usize, Result<T, Error>)>(window);
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, stop, consumed, work) = (&next, &stop, &consumed, &work);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= count || stop.load(Ordering::SeqCst) {
                        break;
                    }
                    {
                        let (lock, cvar) = consumed;
                        let mut done = lock
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        while i >= *done + window && !stop.load(Ordering::SeqCst) {
                            done = cvar
                                .wait(done)
                                .unwrap_or_else(std::sync::PoisonError::into_inner);
                        }
                    }
                    if sender.send((i, work(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        let outcome = (|| {
            for (i, result) in &receiver {
                waiting.insert(i, result);
                while let Some(result) = waiting.remove(&expected) {
                    consume(expected, result?)?;
                    expected += 1;
                    let (lock, cvar) = &consumed;
                    *lock
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = expected;
                    cvar.notify_all();
                }
            }
            Ok(())
        })();
        if outcome.is_err() {
            stop.store(true, Ordering::SeqCst);
            consumed.1.notify_all();
            // Let blocked senders finish so that the workers can be joined.
            for _ in receiver {}
        }
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_order() {
        let mut seen = Vec::new();
        map_ordered(
            100,
            3,
            |i| Ok(i * 2),
            |i, v| {
                seen.push((i, v));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..100).map(|i| (i, i * 2)).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_error_stops_the_run() {
        let result = map_ordered(
            50,
            2,
            |i| {
                if i == 7 {
                    Err(Error::Usage("seven".into()))
                } else {
                    Ok(i)
                }
            },
            |_, _| Ok(()),
        );
        assert!(matches!(result, Err(Error::Usage(m)) if m == "seven"));
    }
}
