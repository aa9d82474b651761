//! Reconnect storms for the Throttling tab, simulated on a worker thread: a storm of millions of
//! devices takes longer than a frame, so the window keeps drawing (with a progress line) while it
//! runs, and a storm whose inputs changed is cancelled rather than finished.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, sync_channel};

use crate::core::simulate::{Backoff, StormConfig, StormResult, simulate_until};

/// What a storm is simulated for: devices and the connect rate (in thousandths per second).
pub type StormKey = (u64, u64);

/// Finished storms, one per backoff strategy.
pub struct Storms {
    pub key: StormKey,
    pub results: Vec<StormResult>,
}

struct Job {
    key: StormKey,
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    rx: Receiver<Vec<StormResult>>,
}

impl Drop for Job {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// The storms shown, and the one being simulated.
#[derive(Default)]
pub struct StormRunner {
    pub current: Option<Storms>,
    job: Option<Job>,
}

impl StormRunner {
    /// Starts (or keeps) a simulation for `key`; collects a finished one. With `wait_for_release`,
    /// a changed key does not start a new run while storms are shown: a dragged slider would
    /// otherwise start and cancel one every frame.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        key: StormKey,
        rate: f64,
        wait_for_release: bool,
    ) {
        if let Some(job) = &self.job {
            match job.rx.try_recv() {
                Ok(results) => {
                    self.current = Some(Storms {
                        key: job.key,
                        results,
                    });
                    self.job = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.job = None,
            }
        }
        if self.current.as_ref().is_some_and(|s| s.key == key) {
            self.job = None;
            return;
        }
        if self.job.as_ref().is_some_and(|j| j.key == key) {
            return;
        }
        if wait_for_release && self.current.is_some() {
            return;
        }
        self.job = spawn(ctx, key, rate);
    }

    /// Strategies simulated so far and in all, while a simulation runs.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.job
            .as_ref()
            .map(|j| (j.done.load(Ordering::Relaxed), Backoff::ALL.len()))
    }

    /// Whether the storms shown are for other inputs than the ones on screen.
    pub fn is_stale(&self, key: StormKey) -> bool {
        self.current.as_ref().is_some_and(|s| s.key != key)
    }

    pub fn busy(&self) -> bool {
        self.job.is_some()
    }
}

fn spawn(ctx: &egui::Context, key: StormKey, rate: f64) -> Option<Job> {
    let cancel = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = sync_channel(1);
    let (worker_cancel, worker_done, repaint) =
        (Arc::clone(&cancel), Arc::clone(&done), ctx.clone());
    let started = std::thread::Builder::new()
        .name("storms".to_owned())
        .spawn(move || {
            let cancelled = || worker_cancel.load(Ordering::Relaxed);
            let mut results = Vec::with_capacity(Backoff::ALL.len());
            for backoff in Backoff::ALL {
                let config = StormConfig {
                    devices: key.0,
                    connects_per_second: rate,
                    backoff,
                    ..StormConfig::default()
                };
                match simulate_until(&config, &cancelled) {
                    Ok(result) => results.push(result),
                    Err(crate::core::simulate::StormError::Cancelled) => return,
                    // An input the simulation refuses: that strategy is left out.
                    Err(_) => {}
                }
                worker_done.fetch_add(1, Ordering::Relaxed);
                repaint.request_repaint();
            }
            let _ = tx.send(results);
            repaint.request_repaint();
        })
        .ok()?;
    drop(started);
    Some(Job {
        key,
        cancel,
        done,
        rx,
    })
}
