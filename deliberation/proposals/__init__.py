"""Local groups' proposals: drafted live, submitted as frozen versions."""
