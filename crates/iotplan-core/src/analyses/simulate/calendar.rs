//! Who retries when: devices due per time bucket, grouped by backoff state, and how each
//! strategy schedules the rejected ones (the calendar of a storm).

use std::collections::VecDeque;

use rand::RngExt as _;
use rand::rngs::Xoshiro256PlusPlus;

use super::backoff::Backoff;

/// Devices due in one bucket, by backoff state (attempt number, or last sleep in buckets).
#[derive(Default)]
pub struct Due {
    /// Devices by attempt number (the state of every strategy but decorrelated jitter, at most
    /// 64): a dense count, so adding is O(1).
    attempts: Vec<u64>,
    /// Devices by last sleep in buckets (decorrelated jitter), one entry per earlier bucket.
    sleeps: Vec<(u32, u64)>,
}

impl Due {
    /// Every (state, devices) group due, attempts first.
    pub fn groups(&self) -> Vec<(u32, u64)> {
        self.attempts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(state, n)| (state as u32, *n))
            .chain(self.sleeps.iter().copied())
            .collect()
    }
}

pub fn add(due: &mut Due, state: u32, count: u64) {
    if count == 0 {
        return;
    }
    let at = state as usize;
    if at >= due.attempts.len() {
        due.attempts.resize(at + 1, 0);
    }
    due.attempts[at] += count;
}

/// A sleep (in buckets) to about 3 %: a device's next sleep is drawn up to three times its last,
/// so finer is noise, and a bucket's list of sleeps stays a few hundred entries long however
/// many earlier buckets send devices to it.
fn coarse(sleep: u32) -> u32 {
    let shift = (32 - sleep.leading_zeros()).saturating_sub(6);
    (sleep >> shift) << shift
}

impl Due {
    /// `count` devices whose last sleep was `sleep` buckets. Devices reach a bucket from
    /// earlier buckets in order, so an equal coarse sleep can only be the last entry.
    fn add_sleep(&mut self, sleep: u32, count: u64) {
        let sleep = coarse(sleep);
        match self.sleeps.last_mut() {
            Some((last, n)) if *last == sleep => *n += count,
            _ => self.sleeps.push((sleep, count)),
        }
    }
}

/// Who is due in the buckets not yet simulated. Buckets are dropped once simulated, so memory
/// follows the longest sleep, not the length of the storm.
#[derive(Default)]
pub struct Calendar {
    /// The bucket `buckets[0]` holds.
    first: usize,
    buckets: VecDeque<Due>,
}

impl Calendar {
    /// The devices due in `bucket`, a bucket not yet simulated.
    pub fn at(&mut self, bucket: usize) -> &mut Due {
        let i = bucket.saturating_sub(self.first);
        if i >= self.buckets.len() {
            self.buckets.resize_with(i + 1, Due::default);
        }
        &mut self.buckets[i]
    }

    /// The devices due in `bucket`, the next one simulated, which the calendar then forgets.
    pub fn take(&mut self, bucket: usize) -> Due {
        if bucket != self.first {
            return Due::default();
        }
        self.first += 1;
        self.buckets.pop_front().unwrap_or_default()
    }

    /// Spreads `count` devices evenly at random over buckets `from..=to`, each with `state`.
    pub fn spread(
        &mut self,
        rng: &mut Xoshiro256PlusPlus,
        now: usize,
        from: u32,
        to: u32,
        count: u64,
        state: u32,
    ) {
        let width = u64::from(to - from) + 1;
        let (each, rest) = (count / width, count % width);
        if each > 0 {
            for d in from..=to {
                add(self.at(now + d as usize), state, each);
            }
        }
        for _ in 0..rest {
            let d = rng.random_range(from..=to);
            add(self.at(now + d as usize), state, 1);
        }
    }
}

/// The retries of one bucket under decorrelated jitter. Each rejected device sleeps
/// `uniform(base, previous · 3)` and that sleep becomes its state, so every device landing `d`
/// buckets later has state `d`, whichever group it came from: the groups are summed into one
/// histogram over `d` and placed in one pass, rounded systematically from one random offset.
/// That keeps a bucket's work within the sleep range instead of groups × range (or one draw per
/// device), which at 10 M devices was the difference between a second and minutes.
pub struct Decorrelated {
    /// Difference array of the expected retries per sleep `d` (in buckets).
    density: Vec<f64>,
    lo: usize,
    hi: usize,
    total: u64,
}

impl Decorrelated {
    pub fn new(cap: u32) -> Self {
        Self {
            density: vec![0.0; cap as usize + 2],
            lo: usize::MAX,
            hi: 0,
            total: 0,
        }
    }

    pub fn add(&mut self, from: u32, to: u32, count: u64) {
        if count == 0 {
            return;
        }
        let width = u64::from(to - from) + 1;
        let each = count as f64 / width as f64;
        self.density[from as usize] += each;
        self.density[to as usize + 1] -= each;
        self.lo = self.lo.min(from as usize);
        self.hi = self.hi.max(to as usize);
        self.total += count;
    }

    /// Places this bucket's retries in the calendar and clears the histogram; the counts sum to
    /// the retries.
    pub fn schedule(&mut self, cal: &mut Calendar, rng: &mut Xoshiro256PlusPlus, now: usize) {
        if self.total == 0 {
            return;
        }
        let offset: f64 = rng.random();
        let (mut rate, mut cumulative, mut placed) = (0.0f64, 0.0f64, 0u64);
        let mut last = self.lo;
        for d in self.lo..=self.hi {
            rate += self.density[d];
            self.density[d] = 0.0;
            cumulative += rate.max(0.0);
            let upto = ((cumulative + offset).floor() as u64).min(self.total);
            if upto > placed {
                cal.at(now + d).add_sleep(d as u32, upto - placed);
                last = d;
                placed = upto;
            }
        }
        self.density[self.hi + 1] = 0.0;
        // Rounding dust: whatever the pass left over joins the last sleep it placed.
        if placed < self.total {
            cal.at(now + last)
                .add_sleep(last as u32, self.total - placed);
        }
        self.lo = usize::MAX;
        self.hi = 0;
        self.total = 0;
    }
}

/// Schedules `count` rejected devices in backoff `state` for their next attempt.
#[expect(
    clippy::too_many_arguments,
    reason = "one call site; the loop's state, spelled out"
)]
pub fn retry(
    cal: &mut Calendar,
    rng: &mut Xoshiro256PlusPlus,
    backoff: Backoff,
    now: usize,
    state: u32,
    count: u64,
    base: u32,
    cap: u32,
) {
    if count == 0 {
        return;
    }
    // t = min(cap, base · 2^attempt), in buckets; attempts past the cap all wait the cap.
    let t = |attempt: u32| -> u32 {
        u64::from(base)
            .saturating_mul(1u64 << attempt.min(40))
            .min(u64::from(cap)) as u32
    };
    let next = state.saturating_add(1).min(64);
    match backoff {
        Backoff::None => add(cal.at(now + 1), state, count),
        Backoff::Exponential => add(cal.at(now + t(state) as usize), next, count),
        Backoff::FullJitter => cal.spread(rng, now, 1, t(state).max(1), count, next),
        Backoff::EqualJitter => {
            let t = t(state).max(1);
            cal.spread(rng, now, (t / 2).max(1), t, count, next);
        }
        // Scheduled per bucket by `Decorrelated`, not group by group.
        Backoff::DecorrelatedJitter => {}
    }
}
