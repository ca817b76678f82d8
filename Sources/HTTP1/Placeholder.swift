// HTTP1: placeholder, replaced as the layer is built.
