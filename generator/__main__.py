import signal

signal.signal(signal.SIGINT, signal.SIG_DFL)  # a Ctrl-C during the imports ends quietly (see generator.cli.main.main)

from generator.cli.main import main  # noqa: E402 - after the line above, so it covers this import too

main()
