from procmodel.cli import main

if __name__ == "__main__":  # not when a worker process (procmodel.render.pool) imports it
    main()
