//! The bulk pipeline: jobs handed out in input order to worker threads, each job done whole
//! where it was taken (read, migrate, validate, write its output, render its report piece),
//! and only the small piece sent back — through a bounded channel, put back in input order on
//! the main thread, which prints it. No batch barrier: a slow file holds back the printing of
//! the files after it, never their work; memory holds at most a few pieces per worker.

use std::collections::BTreeMap;
use std::sync::mpsc::sync_channel;
use std::sync::{Condvar, Mutex};

/// Runs `work` over `jobs` on `threads` threads and calls `consume` with each result in the
/// order of `jobs`. With one thread, everything runs on the calling thread.
pub(crate) fn ordered<J, P, I>(
    jobs: I,
    threads: usize,
    work: impl Fn(J) -> P + Sync,
    mut consume: impl FnMut(P),
) where
    I: Iterator<Item = J> + Send,
    J: Send,
    P: Send,
{
    if threads <= 1 {
        jobs.for_each(|j| consume(work(j)));
        return;
    }
    let window = threads * 4;
    let feed = Mutex::new(jobs.enumerate());
    // How many pieces were consumed: a worker starts job `i` only once `i - window` is consumed,
    // so a stalled job holds at most `window` finished pieces back (memory stays flat however
    // long one file takes), and the job at the head of the order is never the one waiting.
    let consumed = (Mutex::new(0usize), Condvar::new());
    let (send, receive) = sync_channel::<(usize, P)>(window);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let send = send.clone();
            let (feed, work, consumed) = (&feed, &work, &consumed);
            scope.spawn(move || {
                loop {
                    let next = feed.lock().ok().and_then(|mut f| f.next());
                    let Some((i, job)) = next else { break };
                    if let Ok(mut done) = consumed.0.lock() {
                        while i >= *done + window {
                            match consumed.1.wait(done) {
                                Ok(d) => done = d,
                                Err(_) => break,
                            }
                        }
                    }
                    if send.send((i, work(job))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (i, piece) in receive {
            waiting.insert(i, piece);
            while let Some(p) = waiting.remove(&next) {
                consume(p);
                next += 1;
            }
            if let Ok(mut done) = consumed.0.lock() {
                *done = next;
            }
            consumed.1.notify_all();
        }
    });
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
