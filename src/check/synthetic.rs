//! The tensor a check runs on: the user's sample split along its channel axis, or a seeded
//! synthetic one.
//!
//! Synthetic: the declared `input.shape` with `-1` set to 2 and every non-channel size capped at
//! [`SYNTHETIC_MAX_DIM`] (the check is element-wise, so extent adds nothing but time); the
//! channel axis holds the input's raw channels. Each channel starts with its data type's minimum,
//! maximum, 0, 1, -1 (signed types), mid-range and nodata, then uniform draws over the type's
//! range ([`DataType::synthetic_range`]; whole numbers for integer types). ChaCha8 seeded with
//! the seed, one stream per input: the same seed gives the same tensor everywhere.
//!
//! The values depend only on (seed, stream, values per channel, each channel's data type and
//! nodata), so each thread keeps the last few small tensors it drew ([`Recent`]): a bulk run
//! whose items share a model input draws its tensor once, byte for byte the same.

use std::cell::RefCell;

use ndarray::{ArrayD, Axis};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use super::dtype::DataType;
use super::pipeline::{Layout, RawChannel, Tensor};

/// Largest size a synthetic sample gives a non-channel axis.
pub const SYNTHETIC_MAX_DIM: usize = 8;

/// Shape of the synthetic sample for `layout` with `channels` raw channels.
pub(crate) fn synthetic_shape(layout: &Layout, channels: usize) -> Vec<usize> {
    if layout.shape.is_empty() {
        return vec![channels, SYNTHETIC_MAX_DIM];
    }
    layout
        .shape
        .iter()
        .enumerate()
        .map(|(i, &d)| match d {
            _ if Some(i) == layout.channel_axis => channels,
            d if d < 0 => 2,
            d => usize::try_from(d).unwrap_or(1).clamp(1, SYNTHETIC_MAX_DIM),
        })
        .collect()
}

/// The special values of the recipe for one channel, inside the type's range.
fn specials(dtype: DataType, nodata: Option<f64>) -> Vec<f64> {
    let (lo, hi) = dtype.synthetic_range();
    let mid = if dtype.is_integer() {
        ((lo + hi) / 2.0).floor()
    } else {
        (lo + hi) / 2.0
    };
    let mut out = Vec::new();
    for v in [
        Some(lo),
        Some(hi),
        Some(0.0),
        Some(1.0),
        Some(-1.0),
        Some(mid),
        nodata,
    ]
    .into_iter()
    .flatten()
    {
        if v >= lo && v <= hi && !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// The data type synthetic values of a channel follow: its declared source type, else the
/// input's `data_type`, else float32.
pub(crate) fn assumed_dtype(channel: &RawChannel, layout: &Layout) -> DataType {
    channel
        .dtype
        .or_else(|| layout.data_type.as_deref().and_then(DataType::parse))
        .unwrap_or(DataType::Float32)
}

/// What the values of a synthetic tensor depend on: seed, stream, values per channel, and per
/// channel its data type and nodata (as bits: `-0.0` and `0.0` are different recipes).
#[derive(Clone, PartialEq)]
struct Recipe {
    seed: u64,
    stream: u64,
    per_channel: usize,
    channels: Vec<(DataType, Option<u64>)>,
}

/// The tensors a thread drew last, newest last: at most [`Recent::ENTRIES`] of at most
/// [`Recent::MAX_VALUES`] values each (≤ 4 MiB per thread).
struct Recent(Vec<(Recipe, Vec<Vec<f64>>)>);

impl Recent {
    const ENTRIES: usize = 16;
    const MAX_VALUES: usize = 1 << 15;

    /// The values of `recipe`: a copy of a recent draw, else drawn by `draw` (and kept when small).
    fn values(recipe: Recipe, draw: impl FnOnce(&Recipe) -> Vec<Vec<f64>>) -> Vec<Vec<f64>> {
        thread_local! {
            static RECENT: RefCell<Recent> = const { RefCell::new(Recent(Vec::new())) };
        }
        if !super::run::shortcuts() {
            return draw(&recipe);
        }
        let found = RECENT.with_borrow(|recent| {
            recent
                .0
                .iter()
                .find(|(r, _)| *r == recipe)
                .map(|(_, data)| data.clone())
        });
        if let Some(data) = found {
            return data;
        }
        let data = draw(&recipe);
        let size: usize = data.iter().map(Vec::len).sum();
        if size <= Self::MAX_VALUES {
            RECENT.with_borrow_mut(|recent| {
                if recent.0.len() == Self::ENTRIES {
                    recent.0.remove(0);
                }
                recent.0.push((recipe, data.clone()));
            });
        }
        data
    }
}

/// A seeded synthetic tensor for `channels` of `layout` (`stream` separates inputs).
pub(crate) fn synthetic(
    layout: &Layout,
    channels: &[RawChannel],
    seed: u64,
    stream: u64,
) -> (Vec<usize>, Tensor) {
    let shape = synthetic_shape(layout, channels.len());
    let per_channel: usize = if layout.shape.is_empty() {
        SYNTHETIC_MAX_DIM
    } else {
        shape
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != layout.channel_axis)
            .map(|(_, d)| *d)
            .product()
    };
    let recipe = Recipe {
        seed,
        stream,
        per_channel,
        channels: channels
            .iter()
            .map(|ch| (assumed_dtype(ch, layout), ch.nodata.map(f64::to_bits)))
            .collect(),
    };
    let data = Recent::values(recipe, draw);
    let names = channels.iter().map(|c| c.name.clone()).collect();
    (shape, Tensor { names, data })
}

/// The values of a synthetic tensor (see the module documentation).
fn draw(recipe: &Recipe) -> Vec<Vec<f64>> {
    let per_channel = recipe.per_channel;
    let mut rng = ChaCha8Rng::seed_from_u64(recipe.seed);
    rng.set_stream(recipe.stream);
    recipe
        .channels
        .iter()
        .map(|&(dtype, nodata)| {
            let (lo, hi) = dtype.synthetic_range();
            let mut v = specials(dtype, nodata.map(f64::from_bits));
            v.truncate(per_channel);
            while v.len() < per_channel {
                let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                let x = lo + u * (hi - lo);
                v.push(if dtype.is_integer() {
                    x.floor().min(hi)
                } else {
                    x
                });
            }
            v
        })
        .collect()
}

/// Checks that a user sample of `shape` fits `layout` with `channels` raw channels: same rank,
/// each size equal to the declared one (`-1` matches any), the channel axis sized to the
/// channels the input reads (which may differ from the declared size for derived inputs).
pub(crate) fn fit(shape: &[usize], layout: &Layout, channels: &[RawChannel]) -> Result<(), String> {
    if layout.shape.is_empty() {
        return match (layout.channel_axis, channels.len()) {
            (_, 1) => Ok(()),
            _ => Err(format!(
                "the input declares no shape, so the axis of its {} channels is unknown",
                channels.len()
            )),
        };
    }
    if shape.len() != layout.shape.len() {
        return Err(format!(
            "rank {} but input.shape {:?} has rank {}",
            shape.len(),
            layout.shape,
            layout.shape.len()
        ));
    }
    let dim = |i: usize| {
        layout
            .dim_order
            .get(i)
            .map_or(String::new(), |d| format!(" ({d})"))
    };
    for (i, (&got, &want)) in shape.iter().zip(&layout.shape).enumerate() {
        if Some(i) == layout.channel_axis {
            if got != channels.len() {
                let names: Vec<&str> = channels.iter().map(|c| c.name.as_str()).collect();
                return Err(format!(
                    "axis {i}{} has {got} channels but the input reads {} {names:?}",
                    dim(i),
                    channels.len()
                ));
            }
        } else if want >= 0 && usize::try_from(want).ok() != Some(got) {
            return Err(format!(
                "axis {i}{} has size {got} but input.shape says {want}",
                dim(i)
            ));
        }
    }
    if layout.channel_axis.is_none() && channels.len() > 1 {
        return Err(format!(
            "no axis of dim_order {:?} holds the {} channels",
            layout.dim_order,
            channels.len()
        ));
    }
    Ok(())
}

/// Splits `array` along `axis` into one contiguous vector per channel (no axis: one channel).
pub(crate) fn split(array: &ArrayD<f64>, axis: Option<usize>, names: Vec<String>) -> Tensor {
    let data = match axis {
        Some(a) => array
            .axis_iter(Axis(a))
            .map(|view| {
                view.as_slice()
                    .map_or_else(|| view.iter().copied().collect(), <[f64]>::to_vec)
            })
            .collect(),
        None => vec![array.iter().copied().collect()],
    };
    Tensor { names, data }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(shape: &[i64], axis: Option<usize>) -> Layout {
        Layout {
            shape: shape.to_vec(),
            dim_order: vec![],
            channel_axis: axis,
            data_type: None,
        }
    }

    fn channel(name: &str, dtype: DataType, nodata: Option<f64>) -> RawChannel {
        RawChannel {
            name: name.into(),
            dtype: Some(dtype),
            nodata,
        }
    }

    #[test]
    fn synthetic_is_seeded_typed_and_starts_with_the_special_values() {
        let l = layout(&[-1, 3, 224, 224], Some(1));
        let chans = [
            channel("a", DataType::UInt16, Some(0.0)),
            channel("b", DataType::Int8, Some(-99.0)),
            channel("c", DataType::Float32, None),
        ];
        let (shape, t) = synthetic(&l, &chans, 7, 0);
        assert_eq!(shape, vec![2, 3, SYNTHETIC_MAX_DIM, SYNTHETIC_MAX_DIM]);
        assert_eq!(t.data[0][..4], [0.0, 65535.0, 1.0, 32767.0]);
        assert_eq!(t.data[1][..6], [-128.0, 127.0, 0.0, 1.0, -1.0, -99.0]);
        assert!(
            t.data
                .iter()
                .all(|c| c.len() == 2 * SYNTHETIC_MAX_DIM * SYNTHETIC_MAX_DIM)
        );
        assert!(
            t.data[0]
                .iter()
                .all(|v| v.fract() == 0.0 && (0.0..=65535.0).contains(v))
        );
        assert!(
            t.data[2].iter().any(|v| v.fract() != 0.0),
            "floats are not rounded"
        );
        assert_eq!(synthetic(&l, &chans, 7, 0).1, t, "same seed, same tensor");
        assert_ne!(synthetic(&l, &chans, 8, 0).1, t);
        assert_ne!(
            synthetic(&l, &chans, 7, 1).1,
            t,
            "inputs get separate streams"
        );
    }

    #[test]
    fn recent_tensors_are_the_ones_a_draw_gives() {
        let l = layout(&[-1, 2, 4, 4], Some(1));
        let chans = |nodata: f64| {
            [
                channel("a", DataType::UInt8, Some(nodata)),
                channel("b", DataType::Float32, None),
            ]
        };
        for (seed, stream, nodata) in [(3, 0, 0.0), (3, 1, 0.0), (4, 0, 0.0), (3, 0, -0.0)] {
            let chans = chans(nodata);
            let recipe = Recipe {
                seed,
                stream,
                per_channel: 2 * 4 * 4,
                channels: chans
                    .iter()
                    .map(|c| (assumed_dtype(c, &l), c.nodata.map(f64::to_bits)))
                    .collect(),
            };
            let drawn = draw(&recipe);
            for _ in 0..2 {
                let (_, t) = synthetic(&l, &chans, seed, stream);
                let bits = |d: &[Vec<f64>]| -> Vec<u64> {
                    d.iter().flatten().map(|x| x.to_bits()).collect()
                };
                assert_eq!(bits(&t.data), bits(&drawn), "{seed} {stream} {nodata}");
            }
        }
    }

    #[test]
    fn fit_reports_the_axis_that_does_not_match() {
        let l = layout(&[-1, 3, 64, 64], Some(1));
        let three: Vec<RawChannel> = ["r", "g", "b"]
            .iter()
            .map(|n| channel(n, DataType::UInt8, None))
            .collect();
        let table: &[(&[usize], Option<&str>)] = &[
            (&[5, 3, 64, 64], None),
            (&[1, 3, 64], Some("rank 3")),
            (
                &[1, 2, 64, 64],
                Some("axis 1 has 2 channels but the input reads 3"),
            ),
            (
                &[1, 3, 64, 32],
                Some("axis 3 has size 32 but input.shape says 64"),
            ),
        ];
        for (shape, expected) in table {
            let got = fit(shape, &l, &three);
            match expected {
                None => assert!(got.is_ok(), "{shape:?}: {got:?}"),
                Some(text) => assert!(
                    got.as_ref().is_err_and(|e| e.contains(text)),
                    "{shape:?}: {got:?}"
                ),
            }
        }
    }

    #[test]
    fn split_reads_c_and_fortran_layouts_alike() {
        let c =
            ArrayD::from_shape_vec(vec![1, 2, 3], (0..6).map(f64::from).collect()).expect("shape");
        let mut f = ArrayD::zeros(ndarray::ShapeBuilder::f(ndarray::IxDyn(&[1, 2, 3])));
        f.assign(&c);
        for array in [&c, &f] {
            let t = split(array, Some(1), vec!["a".into(), "b".into()]);
            assert_eq!(t.data, vec![vec![0.0, 1.0, 2.0], vec![3.0, 4.0, 5.0]]);
        }
    }
}
