//! Ordered parallel maps: items are worked on by several threads, and their results are handed to
//! the caller's thread one by one in item order, with at most a bounded number in flight, so that
//! memory stays flat however many items there are. The items are indices (`map_ordered`) or come
//! from a producer reading them in order on a thread of its own (`map_stream`).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::Receiver;
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
                    wait_for_room(consumed, stop, i, window);
                    if sender.send((i, work(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let outcome = in_order(&receiver, &consumed, |i, result| consume(i, result?));
        if outcome.is_err() {
            stop_all(&stop, &consumed);
            // Let blocked senders finish so that the workers can be joined.
            for _ in receiver {}
        }
        outcome
    })
}

/// How many results the caller has consumed, and the condition the threads that run ahead wait on.
type Consumed = (Mutex<usize>, Condvar);

/// Hands the results arriving on `receiver` to `consume` in index order, keeping `consumed` up to
/// date; gives the first error of `consume`.
fn in_order<U>(
    receiver: &Receiver<(usize, U)>,
    consumed: &Consumed,
    mut consume: impl FnMut(usize, U) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut waiting = BTreeMap::new();
    let mut expected = 0;
    for (i, result) in receiver {
        waiting.insert(i, result);
        while let Some(result) = waiting.remove(&expected) {
            consume(expected, result)?;
            expected += 1;
            let (lock, cvar) = consumed;
            *lock
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = expected;
            cvar.notify_all();
        }
    }
    Ok(())
}

/// Waits until item `i` is less than `window` items ahead of the last one consumed, or the run
/// has stopped.
fn wait_for_room(consumed: &Consumed, stop: &AtomicBool, i: usize, window: usize) {
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

/// Stops the run: the threads waiting to run ahead wake up and stop.
fn stop_all(stop: &AtomicBool, consumed: &Consumed) {
    stop.store(true, Ordering::SeqCst);
    consumed.1.notify_all();
}

/// What a producer hands each item to: it waits while the window of items in flight is full, and
/// fails once the run has stopped.
pub(crate) type Push<'a, T> = dyn FnMut(T) -> Result<(), Error> + 'a;

/// Calls `produce` on a thread of its own, which hands items in order to `push`; calls `work` on
/// every item on `threads` threads, and `consume` on the caller's thread with each result in item
/// order. At most `threads × 4` items are in flight. The first error of `produce` or `consume`
/// stops the run.
pub(crate) fn map_stream<T: Send, U: Send>(
    threads: usize,
    produce: impl FnOnce(&mut Push<'_, T>) -> Result<(), Error> + Send,
    work: impl Fn(T) -> U + Sync,
    mut consume: impl FnMut(U) -> Result<(), Error>,
) -> Result<(), Error> {
    let threads = threads.max(1);
    let window = threads * WINDOW_PER_WORKER;
    let stop = AtomicBool::new(false);
    // How many results the caller has consumed; the producer waits while it is a window ahead.
    let consumed = (Mutex::new(0usize), Condvar::new());
    // One queue that every worker takes from: each owns a receiver of it, so an idle worker
    // takes the next item whatever the others are doing.
    let (jobs, queue) = crossbeam_channel::bounded::<(usize, T)>(window);
    let (results, finished) = std::sync::mpsc::sync_channel::<(usize, U)>(window);
    std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let (stop, consumed) = (&stop, &consumed);
            let mut sent = 0usize;
            let mut push = move |item: T| {
                wait_for_room(consumed, stop, sent, window);
                if stop.load(Ordering::SeqCst) || jobs.send((sent, item)).is_err() {
                    return Err(Error::Internal("the run stopped".into()));
                }
                sent += 1;
                Ok(())
            };
            produce(&mut push)
        });
        for _ in 0..threads {
            let (queue, results, work) = (queue.clone(), results.clone(), &work);
            scope.spawn(move || {
                for (i, item) in queue {
                    if results.send((i, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop((queue, results));
        let consumed_all = in_order(&finished, &consumed, |_, result| consume(result));
        if consumed_all.is_err() {
            stop_all(&stop, &consumed);
        }
        // Drained so that blocked workers finish and every thread can be joined.
        for _ in finished {}
        let produced = reader
            .join()
            .unwrap_or_else(|_| Err(Error::Internal("the reading thread panicked".into())));
        // The consumer's error comes first: the producer's is then only that the run stopped.
        consumed_all.and(produced)
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

    /// Items of uneven work, produced in order, are consumed in that order.
    #[test]
    fn streamed_results_arrive_in_order() {
        let mut seen = Vec::new();
        map_stream(
            3,
            |push| (0..500u64).try_for_each(&mut *push),
            |i| {
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
                i * 2
            },
            |v| {
                seen.push(v);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, (0..500).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_producer_error_and_a_consumer_error_each_stop_the_stream() {
        let produced = map_stream(
            2,
            |push| {
                (0..10).try_for_each(&mut *push)?;
                Err(Error::Usage("unreadable".into()))
            },
            |i: i32| i,
            |_| Ok(()),
        );
        assert!(matches!(produced, Err(Error::Usage(m)) if m == "unreadable"));
        let mut taken = 0;
        let consumed = map_stream(
            2,
            |push| (0..100_000).try_for_each(&mut *push),
            |i: i32| i,
            |i| {
                taken += 1;
                if i == 5 {
                    Err(Error::Usage("full".into()))
                } else {
                    Ok(())
                }
            },
        );
        assert!(matches!(consumed, Err(Error::Usage(m)) if m == "full"));
        assert_eq!(taken, 6);
    }
}
