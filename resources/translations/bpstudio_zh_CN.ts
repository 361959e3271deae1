<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>Palette</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start an empty network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a .bpnet file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Trained Weights…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write weights as .npz, .json or .onnx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fully Connect Selected Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect every selected neuron to every one in the next selected column (left → right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mark Selection as Source (A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember the selected neurons as A, to fully connect them to a later selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fully Connect Source (A) → Selectio&amp;n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect every neuron marked as source (A) to every selected neuron</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Insert Layer Between…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put a new hidden layer between two selected columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Auto-Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrange left to right by depth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit to View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Snap to Grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snap dragged neurons to the grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Select Tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select and move (drag a knob to connect)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect Tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drag from any neuron to connect it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About BP Studio</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Cannot open the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{error}

BP Studio opened the XOR example instead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BP Studio speaks {language} from its next start. Restart now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Welcome to BP Studio! Drag neurons from the palette onto the canvas; drag from a neuron&apos;s right knob to another to connect them. F fits the view.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training Plots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Problems (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln neuron(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln connection(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Connect tool: drag from any neuron to another</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select tool: click, shift-click or drag a rectangle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Neurons in the new layer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear Recent Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No examples installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About BP Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draw a neural network neuron by neuron and watch backpropagation train it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Targets</name>
    <message>
        <source>the data&apos;s target columns, as they are</source>
        <extracomment>the validation set, held out of the training split (see :func:`hold_out_validation`)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one-hot: 1 at the class&apos;s output, 0 at the others</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>−1 / +1 for classes 0 / 1 (tanh output, threshold 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 / 1, the class label (threshold 0.5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>class labels become {classes}; numeric targets are used as they are</source>
        <extracomment>the sentences target_encoding fills in, for the GUI&apos;s translation</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingFields</name>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points the generator draws; more points give a smoother average gradient per epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gaussian jitter added to the points: a harder target the gradient cannot fit exactly, which shows overfitting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of samples held out: they never enter a gradient, they only measure test loss and accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of the training samples kept out of every gradient to measure validation loss for early stopping (with patience on, 0 means 10 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixes which samples are drawn and which are held out, so the same data gives the same gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss and optimiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What backprop differentiates. L2: ∂L/∂a = 2(a − y). Cross-entropy (sigmoid or softmax outputs only): ∂L/∂z = a − y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2 (squared distance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Binary cross-entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Softmax cross-entropy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How a gradient g becomes an update: SGD w ← w − η·g; momentum adds a running velocity; Adam divides by g&apos;s running RMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SGD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate η</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>η in w ← w − η·∂L/∂w: the size of every step; too large and the loss diverges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Momentum μ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>μ in v ← μ·v − η·g: the share of the previous update carried into this one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the gradient&apos;s step from the look-ahead point: w ← w + μ·v − η·g</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam: decay of the running mean of g, the step&apos;s direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam: decay of the running mean of g², which scales each weight&apos;s step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam: added to √v̂ so steps stay finite where the gradient is ~0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minibatches and stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples averaged into each gradient: full batch is the exact gradient, 1 is online (noisy) learning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reshuffle the samples every epoch, so minibatch gradients do not repeat in the same order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passes over the training set: each sample feeds one gradient per epoch; updates stop after this many</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updates stop once an epoch&apos;s training loss is at or below this; it never changes a gradient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updates stop after this many epochs without a lower validation loss, and the best epoch&apos;s weights are restored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds l1·sign(w) to ∂L/∂w: pushes weights to exactly 0 (weights only, not biases)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>L2 (weight decay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds l2·w to ∂L/∂w: shrinks every weight towards 0 in proportion to its size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How η changes with the epoch: constant, step decay, or a cosine down to a minimum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Constant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every (epochs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step decay: η is multiplied by γ every this many epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decay γ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step decay: the factor applied to η at each step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum η</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cosine: η at the last epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initialiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting weights for Reset and for a blank drawing: Xavier suits sigmoid/tanh, He suits ReLU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Xavier (Glorot)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>He</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uniform ±a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uniform initialiser: weights drawn from U(−a, a)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixes the initial weights and the minibatch order, so the same run gives the same gradients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number format of weights, gradients and updates: float64 keeps ~16 digits per step; float32 ~7, faster on big networks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which samples the loss averages over; every gradient is a mean over a minibatch of them</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{state}: press Train (Space) to start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch {epoch}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{rate} steps/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train loss {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation loss {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test loss {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test accuracy {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test R² {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <extracomment>(TrainingSettings, field label, field name) (DatasetSpec, field label, field name)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV file {name}: one row per sample, inputs first, targets last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Targets: {targets}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on a CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
