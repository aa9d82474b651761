//! Ranges sampled on a worker thread: 2,000 evaluations take longer than a frame should, so the
//! window keeps drawing the typical figures (and the last ranges, marked as updating) while a
//! run goes, and a run whose inputs changed is cancelled rather than finished.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, sync_channel};

use crate::core::ranges::{Ranges, RangesError, ranges};
use crate::core::{Context, EvaluateError, Sheets, Workload};

/// A run for one workload.
pub struct RangesJob {
    pub workload: Workload,
    cancel: Arc<AtomicBool>,
    rx: Receiver<Result<Option<Ranges>, EvaluateError>>,
}

impl Drop for RangesJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// What a poll found.
pub enum Poll {
    Running,
    /// The ranges (`None` when no field has one by the time it ran), or why not.
    Done(Box<Result<Option<Ranges>, EvaluateError>>),
    /// The worker ended without an answer (sampling does not panic: a defect if it happens).
    Lost,
}

impl RangesJob {
    /// Starts sampling `w`'s ranges; the error when no thread can be started.
    pub fn spawn(w: &Workload, sheets: &Sheets, ctx: &Context) -> std::io::Result<Self> {
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = sync_channel(1);
        let (worker_cancel, workload, sheets, ctx) =
            (Arc::clone(&cancel), w.clone(), sheets.clone(), ctx.clone());
        std::thread::Builder::new()
            .name("ranges".to_owned())
            .spawn(move || {
                let cancelled = || worker_cancel.load(Ordering::Relaxed);
                let out = match ranges(&workload, &sheets, &ctx, &cancelled) {
                    Ok(r) => Ok(r),
                    Err(RangesError::Cancelled) => return,
                    Err(RangesError::Evaluate(e)) => Err(e),
                };
                // A job dropped meanwhile (its inputs changed) has nobody waiting.
                tx.send(out).ok();
            })?;
        Ok(Self {
            workload: w.clone(),
            cancel,
            rx,
        })
    }

    pub fn poll(&self) -> Poll {
        match self.rx.try_recv() {
            Ok(out) => Poll::Done(Box::new(out)),
            Err(TryRecvError::Empty) => Poll::Running,
            Err(TryRecvError::Disconnected) => Poll::Lost,
        }
    }
}
