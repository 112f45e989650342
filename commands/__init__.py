"""One module per `cli.py` command: HELP, add_arguments(parser), run(args) -> exit code."""
