//! A sequence that grows at the back (and may shrink at the front) whose clones share all
//! but its newest elements: full chunks are frozen behind an [`Arc`]. The playground keeps
//! checkpoints of the whole simulation, so a clone of a long trace, message log or list of
//! receipts must cost a few pointers, not a copy of the history.

use std::collections::VecDeque;
use std::sync::Arc;

/// Elements per frozen chunk.
const CHUNK: usize = 256;

#[derive(Clone, Debug)]
pub struct Chunked<T> {
    full: VecDeque<Arc<Vec<T>>>,
    tail: Vec<T>,
    /// Elements dropped from the front: an offset into the first chunk (or the tail).
    head: usize,
    /// Elements dropped from the front in whole chunks ([`Chunked::keep_last`]).
    dropped: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Self {
            full: VecDeque::new(),
            tail: Vec::new(),
            head: 0,
            dropped: 0,
        }
    }
}

impl<T: Clone> Chunked<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.full.len() * CHUNK + self.tail.len() - self.head
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every element ever pushed, those dropped from the front included: a position that
    /// stays valid while old elements are dropped ([`Chunked::iter_since`]).
    pub fn total(&self) -> usize {
        self.dropped + self.head + self.len()
    }

    /// The elements pushed after the first `total` ones (those still kept).
    pub fn iter_since(&self, total: usize) -> Iter<'_, T> {
        self.iter_from(total.saturating_sub(self.dropped + self.head))
    }

    /// Drops whole frozen chunks from the front while more than `n` elements would remain
    /// (so between `n` and `n` + one chunk stay). Clones keep the chunks they share.
    pub fn keep_last(&mut self, n: usize) {
        while !self.full.is_empty() && self.len() >= n + CHUNK {
            self.full.pop_front();
            self.dropped += CHUNK;
            self.head = 0;
        }
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        let j = self.head + i;
        let f = self.full.len() * CHUNK;
        if j < f {
            Some(&self.full[j / CHUNK][j % CHUNK])
        } else {
            self.tail.get(j - f)
        }
    }

    /// A mutable element: a shared chunk is copied first (copy on write).
    pub fn get_mut(&mut self, i: usize) -> Option<&mut T> {
        let j = self.head + i;
        let f = self.full.len() * CHUNK;
        if j < f {
            Some(&mut Arc::make_mut(&mut self.full[j / CHUNK])[j % CHUNK])
        } else {
            self.tail.get_mut(j - f)
        }
    }

    pub fn push(&mut self, x: T) {
        self.tail.push(x);
        if self.tail.len() == CHUNK {
            let full = std::mem::replace(&mut self.tail, Vec::with_capacity(CHUNK));
            self.full.push_back(Arc::new(full));
        }
    }

    /// VecDeque's name for [`Chunked::push`].
    pub fn push_back(&mut self, x: T) {
        self.push(x);
    }

    pub fn pop_front(&mut self) -> Option<T> {
        let x = self.get(0)?.clone();
        self.head += 1;
        if !self.full.is_empty() && self.head == CHUNK {
            self.full.pop_front();
            self.dropped += CHUNK;
            self.head = 0;
        } else if self.full.is_empty() && self.head == self.tail.len() {
            self.dropped += self.head;
            self.tail.clear();
            self.head = 0;
        }
        Some(x)
    }

    /// Keeps the first `len` elements (a shared chunk cut in the middle is copied).
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len() {
            return;
        }
        let j = self.head + len;
        let f = self.full.len() * CHUNK;
        if j >= f {
            self.tail.truncate(j - f);
            return;
        }
        let (c, o) = (j / CHUNK, j % CHUNK);
        let mut tail = Vec::with_capacity(CHUNK);
        tail.extend_from_slice(&self.full[c][..o]);
        self.full.truncate(c);
        self.tail = tail;
    }

    pub fn front(&self) -> Option<&T> {
        self.get(0)
    }

    pub fn last(&self) -> Option<&T> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    pub fn iter(&self) -> Iter<'_, T> {
        self.iter_from(0)
    }

    /// The elements from index `start` on.
    pub fn iter_from(&self, start: usize) -> Iter<'_, T> {
        let end = self.len();
        Iter {
            c: self,
            i: start.min(end),
            end,
        }
    }

    /// The first index whose element fails `pred` (the elements are partitioned by it).
    pub fn partition_point(&self, mut pred: impl FnMut(&T) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid) {
                Some(x) if pred(x) => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }

    /// The newest element matching `pred`, mutable.
    pub fn rfind_mut(&mut self, mut pred: impl FnMut(&T) -> bool) -> Option<&mut T> {
        let i = (0..self.len())
            .rev()
            .find(|&i| self.get(i).is_some_and(&mut pred))?;
        self.get_mut(i)
    }

    pub fn to_vec(&self) -> Vec<T> {
        self.iter().cloned().collect()
    }
}

impl<T: Clone + PartialEq> PartialEq for Chunked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: Clone> FromIterator<T> for Chunked<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut c = Self::new();
        for x in iter {
            c.push(x);
        }
        c
    }
}

pub struct Iter<'a, T> {
    c: &'a Chunked<T>,
    i: usize,
    end: usize,
}

impl<'a, T: Clone> Iterator for Iter<'a, T> {
    type Item = &'a T;

    fn next(&mut self) -> Option<&'a T> {
        if self.i >= self.end {
            return None;
        }
        self.i += 1;
        self.c.get(self.i - 1)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.i;
        (n, Some(n))
    }

    fn nth(&mut self, n: usize) -> Option<&'a T> {
        self.i = self.i.saturating_add(n).min(self.end);
        self.next()
    }
}

impl<T: Clone> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.i >= self.end {
            return None;
        }
        self.end -= 1;
        self.c.get(self.end)
    }
}

impl<T: Clone> ExactSizeIterator for Iter<'_, T> {}

impl<'a, T: Clone> IntoIterator for &'a Chunked<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::VecDeque;

    #[test]
    fn truncating_keeps_the_first_elements_and_leaves_clones_alone() {
        for (len, popped, keep) in [
            (3000, 0, 1000),
            (3000, 300, 256),
            (3000, 10, 2999),
            (600, 100, 0),
            (300, 0, 290),
            (3000, 5, 5000),
        ] {
            let mut c: Chunked<u32> = (0..len).collect();
            let mut d: VecDeque<u32> = (0..len).collect();
            for _ in 0..popped {
                assert_eq!(c.pop_front(), d.pop_front());
            }
            let whole = c.clone();
            c.truncate(keep);
            d.truncate(keep);
            assert_eq!(c.len(), d.len());
            assert!(c.iter().eq(d.iter()), "{len} {popped} {keep}");
            assert_eq!(
                whole.len(),
                (len - popped) as usize,
                "the clone keeps everything"
            );
            // It grows again as before.
            for i in 0..700 {
                c.push(i);
                d.push_back(i);
            }
            assert!(c.iter().eq(d.iter()));
            assert_eq!(c.pop_front(), d.pop_front());
        }
    }

    #[test]
    fn behaves_like_a_deque_and_clones_share_frozen_chunks() {
        let mut c = Chunked::new();
        let mut d = VecDeque::new();
        for i in 0..3000_u32 {
            c.push(i);
            d.push_back(i);
            if i % 3 == 0 {
                assert_eq!(c.pop_front(), d.pop_front());
            }
            if i % 500 == 0 {
                let snap = c.clone();
                assert!(snap.iter().eq(d.iter()));
            }
        }
        assert_eq!(c.len(), d.len());
        assert!(c.iter().eq(d.iter()));
        assert!(c.iter().rev().eq(d.iter().rev()));
        assert_eq!(c.iter_from(10).next(), d.get(10));
        assert_eq!(
            c.partition_point(|&x| x < 2000),
            d.partition_point(|&x| x < 2000)
        );
        let before = c.clone();
        *c.get_mut(5).unwrap() = 99_999;
        assert_eq!(c.get(5), Some(&99_999));
        assert_eq!(before.get(5), d.get(5), "a clone keeps its own copy");
        while c.pop_front().is_some() {}
        assert!(c.is_empty());
    }

    #[test]
    fn keep_last_drops_whole_chunks_and_positions_stay_valid() {
        let mut c: Chunked<u32> = (0..2000).collect();
        let snap = c.clone();
        assert_eq!(c.pop_front(), Some(0));
        let mark = c.total();
        for i in 2000..2100 {
            c.push(i);
        }
        c.keep_last(300);
        assert!(c.len() >= 300 && c.len() < 300 + CHUNK, "{}", c.len());
        assert_eq!(c.total(), 2100);
        assert_eq!(c.last(), Some(&2099));
        assert_eq!(c.front(), Some(&(2100 - c.len() as u32)));
        // The elements pushed after `mark` that are still kept.
        assert!(c.iter_since(mark).copied().eq(2000..2100));
        assert!(c.iter_since(0).copied().eq(2100 - c.len() as u32..2100));
        assert!(snap.iter().copied().eq(0..2000), "a clone keeps its chunks");
        c.keep_last(0);
        assert!(c.len() < CHUNK);
        assert_eq!(c.total(), 2100);
    }
}
