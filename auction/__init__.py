"""专利（成果）拍卖季: the supply side (patent and result lists, selection, publication)
and the Wednesday/Friday online bidding."""
