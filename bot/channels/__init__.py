"""The chat channels at the dialogue's edge: each turns its requests into Inbounds and
delivers Replies its own way. The dialogue modules import none of them."""
