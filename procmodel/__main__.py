from procmodel.cli import main

main()
