<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%Ln neuron(s)</source>
        <translation>
            <numerusform>%Ln neuron</numerusform>
            <numerusform>%Ln neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln connection(s)</source>
        <translation>
            <numerusform>%Ln connection</numerusform>
            <numerusform>%Ln connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>on %n training sample(s)</source>
        <translation>
            <numerusform>on %n training sample</numerusform>
            <numerusform>on %n training samples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>on %n training sequence(s) of {steps} steps</source>
        <translation>
            <numerusform>on %n training sequence of {steps} steps</numerusform>
            <numerusform>on %n training sequences of {steps} steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>mean activation a: {value} (over %n training sample(s))</source>
        <translation>
            <numerusform>mean activation a: {value} (over %n training sample)</numerusform>
            <numerusform>mean activation a: {value} (over %n training samples)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connect {name} → … (%n valid target(s) highlighted; Esc cancels)</source>
        <translation>
            <numerusform>Connect {name} → … (%n valid target highlighted; Esc cancels)</numerusform>
            <numerusform>Connect {name} → … (%n valid targets highlighted; Esc cancels)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The timeline holds %n snapshot(s) of this run</source>
        <translation>
            <numerusform>The timeline holds %n snapshot of this run</numerusform>
            <numerusform>The timeline holds %n snapshots of this run</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paint %n points of value {k}</source>
        <translation>
            <numerusform>Paint %n points of value {k}</numerusform>
            <numerusform>Paint %n points of value {k}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paint %n points of class {k}</source>
        <translation>
            <numerusform>Paint %n points of class {k}</numerusform>
            <numerusform>Paint %n points of class {k}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Erase %n drawn point(s)</source>
        <translation>
            <numerusform>Erase %n drawn point</numerusform>
            <numerusform>Erase %n drawn points</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n number(s)</source>
        <translation>
            <numerusform>%n number</numerusform>
            <numerusform>%n numbers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DigitsPanel</name>
    <message numerus="yes">
        <source>%n scored step(s)</source>
        <translation>
            <numerusform>%n scored step</numerusform>
            <numerusform>%n scored steps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s)</source>
        <translation>
            <numerusform>%n sample</numerusform>
            <numerusform>%n samples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mistake(s)</source>
        <translation>
            <numerusform>%n mistake</numerusform>
            <numerusform>%n mistakes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EditController</name>
    <message numerus="yes">
        <source>Added %Ln {role} neuron(s)</source>
        <translation>
            <numerusform>Added %Ln {role} neuron</numerusform>
            <numerusform>Added %Ln {role} neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Move %Ln neuron(s)</source>
        <translation>
            <numerusform>Move %Ln neuron</numerusform>
            <numerusform>Move %Ln neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Moved %Ln neuron(s)</source>
        <translation>
            <numerusform>Moved %Ln neuron</numerusform>
            <numerusform>Moved %Ln neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Fully connected {sizes}: %Ln new connection(s)</source>
        <translation>
            <numerusform>Fully connected {sizes}: %Ln new connection</numerusform>
            <numerusform>Fully connected {sizes}: %Ln new connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Marked %Ln neuron(s) as source (A): now select the targets and choose Fully Connect Source (A) → Selection</source>
        <translation>
            <numerusform>Marked %Ln neuron as source (A): now select the targets and choose Fully Connect Source (A) → Selection</numerusform>
            <numerusform>Marked %Ln neurons as source (A): now select the targets and choose Fully Connect Source (A) → Selection</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Select the neurons to connect the %Ln marked neuron(s) to</source>
        <translation>
            <numerusform>Select the neurons to connect the %Ln marked neuron to</numerusform>
            <numerusform>Select the neurons to connect the %Ln marked neurons to</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GradientCheckPanel</name>
    <message numerus="yes">
        <source>Wrote %n row(s) to {name}</source>
        <translation>
            <numerusform>Wrote %n row to {name}</numerusform>
            <numerusform>Wrote %n rows to {name}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Problems (%n)</source>
        <translation>
            <numerusform>Problems (%n)</numerusform>
            <numerusform>Problems (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NetworkScene</name>
    <message numerus="yes">
        <source>in: {incoming}, out: %n connection(s)</source>
        <translation>
            <numerusform>in: {incoming}, out: %n connection</numerusform>
            <numerusform>in: {incoming}, out: %n connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PaletteWidget</name>
    <message numerus="yes">
        <source>Layer of %n input neurons</source>
        <translation>
            <numerusform>Layer of %n input neurons</numerusform>
            <numerusform>Layer of %n input neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Layer of %n hidden neurons</source>
        <translation>
            <numerusform>Layer of %n hidden neurons</numerusform>
            <numerusform>Layer of %n hidden neurons</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Layer of %n output neurons</source>
        <translation>
            <numerusform>Layer of %n output neurons</numerusform>
            <numerusform>Layer of %n output neurons</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PropertiesPanel</name>
    <message numerus="yes">
        <source>%Ln input(s)</source>
        <translation>
            <numerusform>%Ln input</numerusform>
            <numerusform>%Ln inputs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hidden</source>
        <translation>
            <numerusform>%Ln hidden</numerusform>
            <numerusform>%Ln hidden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln output(s)</source>
        <translation>
            <numerusform>%Ln output</numerusform>
            <numerusform>%Ln outputs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln parameter(s)</source>
        <translation>
            <numerusform>%Ln parameter</numerusform>
            <numerusform>%Ln parameters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Activation and bias apply to the %n non-input neuron(s); </source>
        <translation>
            <numerusform>Activation and bias apply to the %n non-input neuron; </numerusform>
            <numerusform>Activation and bias apply to the %n non-input neurons; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the %n input(s) pass data through unchanged.</source>
        <translation>
            <numerusform>the %n input passes data through unchanged.</numerusform>
            <numerusform>the %n inputs pass data through unchanged.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message numerus="yes">
        <source>%n run(s), %1 of the file; %2 with weights</source>
        <translation>
            <numerusform>%n run, %1 of the file; %2 with weights</numerusform>
            <numerusform>%n runs, %1 of the file; %2 with weights</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n run(s); Undo brings them back</source>
        <translation>
            <numerusform>Deleted %n run; Undo brings them back</numerusform>
            <numerusform>Deleted %n runs; Undo brings them back</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing to forget: the document has %n run(s)</source>
        <translation>
            <numerusform>Nothing to forget: the document has %n run</numerusform>
            <numerusform>Nothing to forget: the document has %n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kept the last %n run(s); Undo brings the others back</source>
        <translation>
            <numerusform>Kept the last %n run; Undo brings the others back</numerusform>
            <numerusform>Kept the last %n runs; Undo brings the others back</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n run(s) to %1</source>
        <translation>
            <numerusform>Exported %n run to %1</numerusform>
            <numerusform>Exported %n runs to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SequencePanel</name>
    <message numerus="yes">
        <source>of %n</source>
        <translation>
            <numerusform>of %n</numerusform>
            <numerusform>of %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message numerus="yes">
        <source>%n run(s) of %1</source>
        <translation>
            <numerusform>%n run of %1</numerusform>
            <numerusform>%n runs of %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message numerus="yes">
        <source>; the %n step(s) undone during training can no longer be redone</source>
        <translation>
            <numerusform>; the %n step undone during training can no longer be redone</numerusform>
            <numerusform>; the %n steps undone during training can no longer be redone</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applied the weights after %Ln epoch(s) ({steps}); Undo returns to those before training</source>
        <translation>
            <numerusform>Applied the weights after %Ln epoch ({steps}); Undo returns to those before training</numerusform>
            <numerusform>Applied the weights after %Ln epochs ({steps}); Undo returns to those before training</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln step(s)</source>
        <translation>
            <numerusform>%Ln step</numerusform>
            <numerusform>%Ln steps</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message numerus="yes">
        <source>The %n point(s) drawn on the decision-boundary plane (Draw data)</source>
        <translation>
            <numerusform>The %n point drawn on the decision-boundary plane (Draw data)</numerusform>
            <numerusform>The %n points drawn on the decision-boundary plane (Draw data)</numerusform>
        </translation>
    </message>
</context>
</TS>
