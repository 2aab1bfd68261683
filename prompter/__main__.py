from prompter.cli import main

raise SystemExit(main())
