//! A corpus score: how many rows of a field were read right, printed as `ok/total`.

/// Counts of one compared field.
#[derive(Default)]
pub struct Score {
    pub ok: usize,
    pub total: usize,
}

impl Score {
    pub fn add(&mut self, ok: bool) {
        self.total += 1;
        self.ok += usize::from(ok);
    }

    pub fn ratio(&self) -> f64 {
        if self.total == 0 { 1.0 } else { self.ok as f64 / self.total as f64 }
    }

    pub fn show(&self) -> String {
        format!("{}/{}", self.ok, self.total)
    }
}
