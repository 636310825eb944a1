//! The bulk pipeline: jobs handed out in input order to worker threads, each job done whole
//! where it was taken (read, migrate, validate, write its output, render its report piece),
//! and only the small piece sent back — through a bounded channel, put back in input order on
//! the main thread, which prints it. No batch barrier: a slow file holds back the printing of
//! the files after it, never their work; memory holds at most a few pieces per worker.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc::sync_channel;

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
    let feed = Mutex::new(jobs.enumerate());
    let (send, receive) = sync_channel::<(usize, P)>(threads * 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let send = send.clone();
            let (feed, work) = (&feed, &work);
            scope.spawn(move || {
                loop {
                    let next = feed.lock().ok().and_then(|mut f| f.next());
                    let Some((i, job)) = next else { break };
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
}
