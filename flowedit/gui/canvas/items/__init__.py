"""The graphics items of the canvas: frames (documents), verb rows, target cards, links, badges."""
