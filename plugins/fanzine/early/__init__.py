"""Early access: sealed sources and files, page keys, codes and the early-access checks."""
