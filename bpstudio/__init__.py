"""BP Studio: draw a neural network neuron by neuron and watch backpropagation train it."""

__version__ = "0.1.0"
