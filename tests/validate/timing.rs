//! Measures cold (compiling) and warm (cached) validation of one MLM v1.5.1 item.
//!
//! Printed, not asserted: run `cargo test --release validate::timing -- --nocapture`.

use std::time::{Duration, Instant};

use mlm_migrate::validate::SchemaStore;

use super::{read_json, shared};

#[test]
fn cold_and_warm_validation_of_an_mlm_v1_5_1_item() {
    let Some(shared) = shared() else { return };
    for name in ["item_basic", "item_eo_and_raster_bands"] {
        let item = read_json(&shared.join(format!("examples/mlm/v1.5.1/{name}.json")));
        let store = SchemaStore::open(shared.join("schemas")).expect("mirror opens");
        let start = Instant::now();
        let cold = store.validate(&item);
        let cold_time = start.elapsed();
        assert!(cold.is_valid(), "{cold}");
        const RUNS: u32 = 50;
        let start = Instant::now();
        for _ in 0..RUNS {
            assert!(store.validate(&item).is_valid());
        }
        let warm_time = start.elapsed() / RUNS;
        let schemas = cold.outcomes.len();
        eprintln!(
            "validate mlm/v1.5.1/{name}.json ({schemas} schemas): cold {} (incl. compilation), warm {} (cached)",
            show(cold_time),
            show(warm_time)
        );
    }
}

fn show(duration: Duration) -> String {
    format!("{:.3} ms", duration.as_secs_f64() * 1e3)
}
