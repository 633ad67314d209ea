"""J-TOP创新挑战季: the demand side (enterprise demands, diagnosis, hot lists, solutions)."""
