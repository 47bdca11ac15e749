"""Property-based fuzzing of every loader: mutated real files end loaded or explained."""
