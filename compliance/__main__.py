"""`python -m compliance`, and the `compliance` command (`run`)."""

import gc


def run() -> None:
    """Import the CLI with the cycle collector off: importing allocates thousands of long-lived objects
    (modules, functions, classes) that it would only rescan, about a tenth of the cost of importing.
    `main` switches it back on; `check` of one card then keeps it off while it assesses."""
    gc.disable()
    from .cli import main

    main()


if __name__ == "__main__":
    run()
