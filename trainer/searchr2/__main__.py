from searchr2.cli import main

raise SystemExit(main())
