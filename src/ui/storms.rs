//! Reconnect storms for the Throttling tab, simulated on a worker thread: a storm of millions of
//! devices takes longer than a frame, so the window keeps drawing (with a progress line) while it
//! runs, and a storm whose inputs changed is cancelled rather than finished.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, sync_channel};
use strum::EnumCount as _;
use strum::IntoEnumIterator as _;

use crate::core::simulate::{Backoff, StormConfig, StormResult, simulate_until};

/// What a storm is simulated for: devices and the connect rate (in thousandths per second).
pub type StormKey = (u64, u64);

/// Finished storms, one per backoff strategy, and the strategies the simulation refused.
pub struct Storms {
    pub key: StormKey,
    pub results: Vec<StormResult>,
    pub refused: Vec<(Backoff, String)>,
}

/// What the worker sends back.
type Finished = (Vec<StormResult>, Vec<(Backoff, String)>);

struct Job {
    key: StormKey,
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicUsize>,
    rx: Receiver<Finished>,
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
    /// Why no storm could be simulated (no worker thread), until one can.
    pub failure: Option<String>,
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
                Ok((results, refused)) => {
                    self.current = Some(Storms {
                        key: job.key,
                        results,
                        refused,
                    });
                    self.job = None;
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.failure = Some("the simulation stopped without an answer".to_owned());
                    self.job = None;
                }
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
        match spawn(ctx, key, rate) {
            Ok(job) => {
                self.job = Some(job);
                self.failure = None;
            }
            Err(err) => {
                self.failure = Some(format!("no worker thread could be started ({err})"));
            }
        }
    }

    /// Strategies simulated so far and in all, while a simulation runs.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.job
            .as_ref()
            .map(|j| (j.done.load(Ordering::Relaxed), Backoff::COUNT))
    }

    /// Whether the storms shown are for other inputs than the ones on screen.
    pub fn is_stale(&self, key: StormKey) -> bool {
        self.current.as_ref().is_some_and(|s| s.key != key)
    }

    pub fn busy(&self) -> bool {
        self.job.is_some()
    }
}

fn spawn(ctx: &egui::Context, key: StormKey, rate: f64) -> std::io::Result<Job> {
    let cancel = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = sync_channel(1);
    let (worker_cancel, worker_done, repaint) =
        (Arc::clone(&cancel), Arc::clone(&done), ctx.clone());
    let started = std::thread::Builder::new()
        .name("storms".to_owned())
        .spawn(move || {
            let cancelled = || worker_cancel.load(Ordering::Relaxed);
            let mut results = Vec::with_capacity(Backoff::COUNT);
            let mut refused = Vec::new();
            for backoff in Backoff::iter() {
                let config = StormConfig {
                    devices: key.0,
                    connects_per_second: rate,
                    backoff,
                    ..StormConfig::default()
                };
                match simulate_until(&config, &cancelled) {
                    Ok(result) => results.push(result),
                    Err(crate::core::simulate::StormError::Cancelled) => return,
                    // An input the simulation refuses: that strategy is left out, with why.
                    Err(err) => refused.push((backoff, err.to_string())),
                }
                worker_done.fetch_add(1, Ordering::Relaxed);
                repaint.request_repaint();
            }
            // A job dropped meanwhile (its inputs changed) has nobody waiting.
            tx.send((results, refused)).ok();
            repaint.request_repaint();
        })?;
    drop(started);
    Ok(Job {
        key,
        cancel,
        done,
        rx,
    })
}
