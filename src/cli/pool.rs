//! The bulk pipeline: jobs handed out in input order to worker threads, each job done whole
//! where it was taken (read, migrate, validate, write its output, render its report piece).
//! Pieces are consumed in input order by whichever worker finishes the piece at the head of
//! the order (it also consumes the pieces that were waiting behind it): no batch barrier and
//! no collector thread to wake per piece. A slow file holds back the consuming of the files
//! after it, never their work; memory holds at most a few pieces per worker.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// The consuming side of [`ordered`], behind one lock.
struct Order<P, C> {
    /// The index of the next piece to consume.
    next: usize,
    /// Finished pieces waiting for the ones before them.
    waiting: BTreeMap<usize, P>,
    consume: C,
    /// Workers asleep until `next` moves (their job is a window ahead of it).
    sleepers: usize,
    /// A job or its consuming panicked: `next` never passes it, so nobody waits for that.
    aborted: bool,
}

/// Marks the run aborted and wakes the sleepers when dropped during a panic of `work` or
/// `consume`, so the other workers stop and the panic reaches the caller instead of leaving
/// them asleep.
struct Abort<'a, P, C> {
    order: &'a Mutex<Order<P, C>>,
    room: &'a Condvar,
}

impl<P, C> Drop for Abort<'_, P, C> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            lock(self.order).aborted = true;
            self.room.notify_all();
        }
    }
}

/// Runs `work` over `jobs` on `threads` threads (the calling thread is one of them) and calls
/// `consume` with each result in the order of `jobs`, on one thread at a time. With one
/// thread, everything runs on the calling thread.
pub(crate) fn ordered<J, P, I>(
    jobs: I,
    threads: usize,
    work: impl Fn(J) -> P + Sync,
    mut consume: impl FnMut(P) + Send,
) where
    I: Iterator<Item = J> + Send,
    J: Send,
    P: Send,
{
    if threads <= 1 {
        jobs.for_each(|j| consume(work(j)));
        return;
    }
    // A worker starts job `i` only once job `i - window` is consumed, so a stalled job holds at
    // most `window` finished pieces back (memory stays flat however long one file takes), and
    // the job at the head of the order is never the one waiting.
    let window = threads * 4;
    let feed = Mutex::new(jobs.enumerate());
    let order = Mutex::new(Order {
        next: 0,
        waiting: BTreeMap::new(),
        consume,
        sleepers: 0,
        aborted: false,
    });
    let room = Condvar::new();
    let worker = || loop {
        let Some((i, job)) = lock(&feed).next() else {
            break;
        };
        let mut o = lock(&order);
        while i >= o.next + window && !o.aborted {
            o.sleepers += 1;
            o = room.wait(o).unwrap_or_else(PoisonError::into_inner);
            o.sleepers -= 1;
        }
        if o.aborted {
            break;
        }
        drop(o);
        // Until the end of this job (consuming included); declared before the lock below, so
        // a panic drops the lock first.
        let _abort = Abort {
            order: &order,
            room: &room,
        };
        let piece = work(job);
        let mut o = lock(&order);
        if o.aborted {
            break;
        }
        if i != o.next {
            o.waiting.insert(i, piece);
            continue;
        }
        let o = &mut *o;
        (o.consume)(piece);
        o.next += 1;
        while let Some(p) = o.waiting.remove(&o.next) {
            (o.consume)(p);
            o.next += 1;
        }
        if o.sleepers > 0 {
            room.notify_all();
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(worker);
        }
        worker();
    });
}

/// Locks `m`, also after a panic elsewhere (the data stays consistent: every update is one
/// step under the lock).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The number of worker threads: `-j N`, else the CPUs this process may use.
pub(crate) fn threads(requested: Option<usize>) -> usize {
    requested
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        for threads in [1, 2, 4] {
            let mut got = Vec::new();
            ordered(
                0..200u64,
                threads,
                |i| {
                    if i % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    i * 2
                },
                |p| got.push(p),
            );
            assert_eq!(got, (0..200).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_panicking_job_reaches_the_caller_instead_of_hanging_the_others() {
        for at in [Some(3), None] {
            let run = std::panic::catch_unwind(|| {
                ordered(
                    0..500u64,
                    2,
                    |i| {
                        assert_ne!(Some(i), at, "job {i}");
                        i
                    },
                    |p| assert_ne!(p, 5, "consuming {p}"),
                );
            });
            assert!(run.is_err());
        }
    }

    #[test]
    fn a_stalled_job_holds_back_at_most_a_window_of_pieces() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (finished, consumed, most) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        let threads = 2;
        ordered(
            0..500u64,
            threads,
            |i| {
                if i == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                let ahead =
                    finished.fetch_add(1, Ordering::SeqCst) + 1 - consumed.load(Ordering::SeqCst);
                most.fetch_max(ahead, Ordering::SeqCst);
                i
            },
            |_| {
                consumed.fetch_add(1, Ordering::SeqCst);
            },
        );
        assert_eq!(consumed.load(Ordering::SeqCst), 500);
        assert!(most.load(Ordering::SeqCst) <= threads * 4 + threads);
    }
}
