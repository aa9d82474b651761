//! The app's side of the ranges' worker: collecting a finished run into the view on screen.
//! Apart from `ranges.rs` (the worker), which the app holds, so no module imports in a cycle.

impl super::app::IotplanApp {
    /// Collects finished ranges for the view on screen; while a run goes, asks for another
    /// frame soon (the worker has no window to wake).
    pub fn poll_ranges(&mut self, ctx: &egui::Context) {
        match self.collect_ranges() {
            Some(true) => ctx.request_repaint_after(std::time::Duration::from_millis(16)),
            Some(false) => ctx.request_repaint(),
            None => {}
        }
    }

    /// Takes a finished run's ranges into the view it was for: `Some(true)` while a run
    /// goes, `Some(false)` when one just ended, `None` when none was running.
    fn collect_ranges(&mut self) -> Option<bool> {
        use super::sampler::Poll;
        let job = self.ranges_job.as_ref()?;
        match job.poll() {
            Poll::Running => return Some(true),
            Poll::Done(out) => match *out {
                Ok(r) => {
                    if let Some(view) = &mut self.view
                        && job.workload == view.workload
                    {
                        view.ranges = r.map(std::sync::Arc::new);
                        view.ranges_current = true;
                    }
                }
                Err(err) => self.error(format!("Ranges not sampled: {err}")),
            },
            Poll::Lost => self.error("Ranges not sampled: the sampling stopped without an answer"),
        }
        self.ranges_job = None;
        Some(false)
    }

    /// Waits for the ranges of the view on screen (tests and exports).
    pub fn wait_for_ranges(&mut self) {
        while self.collect_ranges() == Some(true) {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }
}
