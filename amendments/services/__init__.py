"""Operations that change amendments and versions: they take plain values and commit."""
