from letters.entry import main

main()
