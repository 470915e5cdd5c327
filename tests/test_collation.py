from procmodel.collation import sort_key


def test_swedish_letters_sort_after_z_in_swedish_order():
    words = ["Örebro", "ändra", "Åtgärd", "zebra", "Anmälan", "ärende", "åka"]
    assert sorted(words, key=sort_key) == ["Anmälan", "zebra", "åka", "Åtgärd", "ändra", "ärende", "Örebro"]
