<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Animation</name>
    <message>
        <source>{name}: an animation is written as .gif, .png or .apng</source>
        <translation>{name}：动画只能保存为 .gif、.png 或 .apng</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <source>Animated GIF (*.gif);;Animated PNG (*.png *.apng)</source>
        <translation>GIF 动画 (*.gif);;PNG 动画 (*.png *.apng)</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>{error}

BP Studio opened the XOR example instead.</source>
        <translation>{error}

BP Studio 改为打开了 XOR 示例。</translation>
    </message>
</context>
<context>
    <name>AutoSaver</name>
    <message>
        <source>Cannot keep a recovery copy: {0}</source>
        <extracomment>a copy was written to this path a passing report for the status bar</extracomment>
        <translation>无法保存恢复副本：{0}</translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>{0}

The copy was left where it is.</source>
        <translation>{0}

副本保留在原处。</translation>
    </message>
    <message>
        <source>Restored the unsaved work on {0} from {1}; save it to keep it</source>
        <translation>已从 {1} 恢复 {0} 的未保存工作；请保存以保留它</translation>
    </message>
    <message>
        <source>an unsaved network</source>
        <translation>一个未保存的网络</translation>
    </message>
    <message>
        <source>Restore unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <source>Restore unsaved work from {0}?</source>
        <translation>要恢复 {0} 的未保存工作吗？</translation>
    </message>
    <message>
        <source>BP Studio ended without saving the changes to {0}. A copy of them was kept; {0} itself is as it was last saved.</source>
        <translation>BP Studio 结束时没有保存对 {0} 的更改。这些更改的副本已保留；{0} 本身仍是上次保存时的样子。</translation>
    </message>
    <message>
        <source>BP Studio ended without saving the changes to {0}, which no longer exists. A copy of them was kept.</source>
        <translation>BP Studio 结束时没有保存对 {0} 的更改，而该文件已不存在。这些更改的副本已保留。</translation>
    </message>
    <message>
        <source>BP Studio ended before {0} was ever saved. A copy was kept.</source>
        <translation>BP Studio 在 {0} 保存之前就结束了。副本已保留。</translation>
    </message>
    <message>
        <source>Later keeps the copy for the next start.</source>
        <translation>选择“稍后”会把副本保留到下次启动。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>BoundaryPanel</name>
    <message>
        <source>Hover a neuron on the canvas to see its own map.</source>
        <translation>把鼠标移到画布上的某个神经元上，可查看它自己的图。</translation>
    </message>
    <message>
        <source>neuron #{id}</source>
        <extracomment>a row for tools placed by plug-ins (Draw data: ui/visuals/draw_points.py) while points are drawn, the plane keeps its range and stays on show when the data cannot load (too few points yet): the title says why instead</extracomment>
        <translation>神经元 #{id}</translation>
    </message>
    <message>
        <source>Nothing to show yet: open or draw a network.</source>
        <translation>暂无内容：请打开或绘制一个网络。</translation>
    </message>
    <message>
        <source>Draw data</source>
        <translation>绘制数据</translation>
    </message>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>{n}-D data</source>
        <translation>{n} 维数据</translation>
    </message>
    <message>
        <source>{name} holds sequences: each output depends on the steps before it, so there is no map over the input plane.</source>
        <translation>{name} 是序列数据：每个输出都依赖之前的各步，所以无法在输入平面上作图。</translation>
    </message>
    <message>
        <source>{dataset} has {what}: a map over the input plane needs a network with one or two inputs.</source>
        <translation>{dataset} 是{what}：在输入平面上作图需要只有一个或两个输入的网络。</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Network output</source>
        <translation>网络输出</translation>
    </message>
    <message>
        <source>colour: the predicted class, paler where the network is unsure</source>
        <translation>颜色：预测的类别，网络越不确定颜色越浅</translation>
    </message>
    <message>
        <source>line: the decision boundary (output = {threshold})</source>
        <translation>线：决策边界（输出 = {threshold}）</translation>
    </message>
    <message>
        <source>Network output {name}</source>
        <translation>网络输出 {name}</translation>
    </message>
    <message>
        <source>points: the targets in the same colours</source>
        <translation>点：用相同颜色表示的目标值</translation>
    </message>
    <message>
        <source>its activation over the plane, {scale}</source>
        <translation>它在平面上的激活值，{scale}</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source> (line) and the data</source>
        <translation>（线）与数据</translation>
    </message>
    <message>
        <source>its activation along the input</source>
        <translation>它随输入变化的激活值</translation>
    </message>
</context>
<context>
    <name>Bpnet</name>
    <message>
        <source>{where} must be a whole number ≥ {low}, got {value}</source>
        <translation>{where} 必须是 ≥ {low} 的整数，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be a whole number from 1 to {max_id}, got {value}</source>
        <translation>{where} 必须是 1 到 {max_id} 之间的整数，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be a finite number, got {value}</source>
        <translation>{where} 必须是有限的数，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be true or false, got {value}</source>
        <translation>{where} 必须是 true 或 false，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be text, got {value}</source>
        <translation>{where} 必须是文本，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} contains an escape that is not a Unicode character ({value})</source>
        <translation>{where} 含有一个不是 Unicode 字符的转义序列（{value}）</translation>
    </message>
    <message>
        <source>{where} must be one of {choices}; got {value}</source>
        <translation>{where} 必须是 {choices} 之一；实际为 {value}</translation>
    </message>
    <message>
        <source>{where} must be an object, got {value}</source>
        <translation>{where} 必须是一个对象，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} has an unknown field {unknown}{hint}</source>
        <translation>{where} 含有未知字段 {unknown}{hint}</translation>
    </message>
    <message>
        <source>{where} must be a list, got {value}</source>
        <translation>{where} 必须是一个列表，实际为 {value}</translation>
    </message>
    <message>
        <source>{where} has no {key}</source>
        <translation>{where} 缺少 {key}</translation>
    </message>
    <message>
        <source>the top level must be a JSON object, got {doc}</source>
        <translation>文件最外层必须是一个 JSON 对象，实际为 {doc}</translation>
    </message>
    <message>
        <source>this is not a BP Studio network: &quot;format&quot; is missing (expected &quot;{format_name}&quot;)</source>
        <translation>这不是 BP Studio 网络文件：缺少 &quot;format&quot;（应为 &quot;{format_name}&quot;）</translation>
    </message>
    <message>
        <source>this is not a BP Studio network: &quot;format&quot; is {doc}, expected &quot;{format_name}&quot;</source>
        <translation>这不是 BP Studio 网络文件：&quot;format&quot; 是 {doc}，应为 &quot;{format_name}&quot;</translation>
    </message>
    <message>
        <source>made by a newer BP Studio: version {version}; this one reads version {format_version}</source>
        <translation>此文件由更新版本的 BP Studio 创建：文件格式版本 {version}；当前版本只能读取版本 {format_version}</translation>
    </message>
    <message>
        <source>{where}.{axis}: neuron {name} sits at {axis} = {number:g}, off the canvas (positions lie within ±{max_coordinate:,.0f})</source>
        <translation>{where}.{axis}：神经元 {name} 位于 {axis} = {number:g}，超出了画布（位置必须在 ±{max_coordinate:,.0f} 之内）</translation>
    </message>
    <message>
        <source>network.neurons holds {count:,} neurons; BP Studio opens at most {max_neurons:,}</source>
        <translation>network.neurons 含有 {count:,} 个神经元；BP Studio 最多能打开 {max_neurons:,} 个</translation>
    </message>
    <message>
        <source>network.neurons[{index}].id: neuron id {id} is already used by network.neurons[{index_of}]</source>
        <translation>network.neurons[{index}].id：神经元编号 {id} 已被 network.neurons[{index_of}] 使用</translation>
    </message>
    <message>
        <source>{where}.id: connection id {cid} is already used by network.connections[{index_of}]</source>
        <translation>{where}.id：连接编号 {cid} 已被 network.connections[{index_of}] 使用</translation>
    </message>
    <message>
        <source>{where}.{end}: there is no neuron with id {nid}</source>
        <translation>{where}.{end}：没有编号为 {nid} 的神经元</translation>
    </message>
    <message>
        <source>network.blocks[{later}] and network.blocks[{earlier}] both hold connection id {first}</source>
        <translation>network.blocks[{later}] 和 network.blocks[{earlier}] 都含有连接编号 {first}</translation>
    </message>
    <message>
        <source>network.connections[{index}].id: connection id {cid} is already used by network.blocks[{ranges}]</source>
        <translation>network.connections[{index}].id：连接编号 {cid} 已被 network.blocks[{ranges}] 使用</translation>
    </message>
    <message>
        <source>{where}.{key} must be a finite number, got {value}</source>
        <translation>{where}.{key} 必须是有限的数，实际为 {value}</translation>
    </message>
    <message>
        <source>&quot;network&quot; is missing: the file has no neurons or connections section</source>
        <translation>缺少 &quot;network&quot;：文件中没有神经元和连接部分</translation>
    </message>
    <message>
        <source>runs holds {count:,} runs; BP Studio keeps at most {max_runs:,}</source>
        <translation>runs 含有 {count:,} 条训练记录；BP Studio 最多保留 {max_runs:,} 条</translation>
    </message>
    <message>
        <source>{where} must be ≥ 0, got {number!r}</source>
        <translation>{where} 必须 ≥ 0，实际为 {number!r}</translation>
    </message>
    <message>
        <source>cannot save: the {name} must be text, got {type}</source>
        <translation>无法保存：{name} 必须是文本，实际为 {type}</translation>
    </message>
    <message>
        <source>cannot save: {describe} {why}</source>
        <translation>无法保存：{describe} {why}</translation>
    </message>
    <message>
        <source>{source}: {error}</source>
        <translation>{source}：{error}</translation>
    </message>
    <message>
        <source>{path}: cannot save: {reason}</source>
        <translation>{path}：无法保存：{reason}</translation>
    </message>
    <message>
        <source>{name}: cannot save {size}: BP Studio opens files of at most {max_neurons:,} neurons and {limit}; remove some neurons or connections</source>
        <translation>{name}：无法保存 {size}：BP Studio 只能打开最多 {max_neurons:,} 个神经元、不超过 {limit} 的文件；请删除一些神经元或连接</translation>
    </message>
    <message>
        <source>{source}: the file is empty</source>
        <translation>{source}：文件是空的</translation>
    </message>
    <message>
        <source>{source}: not a BP Studio network: the JSON is nested too deeply</source>
        <translation>{source}：不是 BP Studio 网络文件：JSON 嵌套层数太深</translation>
    </message>
    <message>
        <source>{source}: not valid JSON: {reason}</source>
        <translation>{source}：不是有效的 JSON：{reason}</translation>
    </message>
    <message>
        <source>{shown}: a temporary file left by an interrupted save of {original}; open {original} instead (the next save of it removes this file)</source>
        <translation>{shown}：这是保存 {original} 时被中断而留下的临时文件；请改为打开 {original}（下次保存它时会删除这个文件）</translation>
    </message>
    <message>
        <source>{shown}: is {what}, not a {suffix} file</source>
        <translation>{shown}：是{what}，不是 {suffix} 文件</translation>
    </message>
    <message>
        <source>{name}: the file is {size}, more than the {limit} a project file may have</source>
        <translation>{name}：文件大小为 {size}，超过了项目文件允许的 {limit}</translation>
    </message>
    <message>
        <source>{shown}: no such file</source>
        <translation>{shown}：文件不存在</translation>
    </message>
    <message>
        <source>{shown}: permission denied: cannot read the file</source>
        <translation>{shown}：没有权限：无法读取该文件</translation>
    </message>
    <message>
        <source>{shown}: cannot read the file: {reason}</source>
        <translation>{shown}：无法读取该文件：{reason}</translation>
    </message>
    <message>
        <source>{source}: not UTF-8 text: byte 0x{data:02x} on line {line} (offset {start}) is not valid UTF-8</source>
        <translation>{source}：不是 UTF-8 文本：第 {line} 行的字节 0x{data:02x}（偏移 {start}）不是有效的 UTF-8</translation>
    </message>
    <message>
        <source>the JSON ends too early ({what} at line {line}, column {column}): the file looks truncated</source>
        <translation>JSON 提前结束（第 {line} 行第 {column} 列：{what}）：文件似乎不完整</translation>
    </message>
    <message>
        <source>not valid JSON: {what} at line {line}, column {column}</source>
        <translation>不是有效的 JSON：第 {line} 行第 {column} 列：{what}</translation>
    </message>
    <message>
        <source>{where} has no &quot;first_id&quot;</source>
        <translation>{where} 缺少 &quot;first_id&quot;</translation>
    </message>
    <message>
        <source>{where} holds {size:,} connections from id {first_id}: the last id would pass {max_id}</source>
        <translation>{where} 从编号 {first_id} 起含有 {size:,} 个连接：最后一个编号会超过 {max_id}</translation>
    </message>
    <message>
        <source>{where}.weights must be a list of {count} rows, one per target; got {got}</source>
        <translation>{where}.weights 必须是 {count} 行的列表，每个目标神经元一行；实际为 {got}</translation>
    </message>
    <message>
        <source>{where}.weights[{i}] must hold {width} weights, one per source; got {got}</source>
        <translation>{where}.weights[{i}] 必须含有 {width} 个权重，每个源神经元一个；实际为 {got}</translation>
    </message>
    <message>
        <source>{where} must be a non-empty list of neuron ids</source>
        <translation>{where} 必须是非空的神经元编号列表</translation>
    </message>
    <message>
        <source>{where}[{i}]: there is no neuron with id {nid}</source>
        <translation>{where}[{i}]：没有编号为 {nid} 的神经元</translation>
    </message>
    <message>
        <source>{where}[{i}]: neuron {nid} is listed twice (also {key}[{seen}])</source>
        <translation>{where}[{i}]：神经元 {nid} 出现了两次（另见 {key}[{seen}]）</translation>
    </message>
    <message>
        <source>{where} must be a list of connection ids</source>
        <translation>{where} 必须是连接编号的列表</translation>
    </message>
    <message>
        <source>{where}[{i}]: connection {cid} is not in this block (its ids run from {first_id} to {last_id})</source>
        <translation>{where}[{i}]：连接 {cid} 不在这个块中（块内编号从 {first_id} 到 {last_id}）</translation>
    </message>
    <message>
        <source>{where}[{i}]: connection {cid} is listed twice</source>
        <translation>{where}[{i}]：连接 {cid} 出现了两次</translation>
    </message>
    <message>
        <source>{target}: the recovery copy would overwrite the document</source>
        <translation>{target}：恢复副本会覆盖文档本身</translation>
    </message>
    <message>
        <source>{folder}: cannot write the recovery copy: {reason}</source>
        <translation>{folder}：无法写入恢复副本：{reason}</translation>
    </message>
    <message>
        <source>{path}: cannot read the recovery copy ({error})</source>
        <translation>{path}：无法读取恢复副本（{error}）</translation>
    </message>
</context>
<context>
    <name>ChainPanel</name>
    <message>
        <source>Select a connection on the canvas (or a neuron, for its bias) to see the chain rule from the loss down to it.</source>
        <translation>在画布上选择一条连接（或选择一个神经元以查看其偏置），即可看到从损失一路向下到它的链式法则。</translation>
    </message>
    <message>
        <source>Chain rule</source>
        <translation>链式法则</translation>
    </message>
    <message>
        <source>sample {index}</source>
        <translation>样本 {index}</translation>
    </message>
    <message>
        <source>∂L/∂{name} on {sample}</source>
        <translation>{sample} 上的 ∂L/∂{name}</translation>
    </message>
    <message>
        <source>For the minibatch of {batch} samples, ∂L/∂{name} is the mean of this over its samples: &lt;b&gt;{value}&lt;/b&gt;.</source>
        <translation>对于 {batch} 个样本的小批量，∂L/∂{name} 是上式在这些样本上的平均值：&lt;b&gt;{value}&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>The loss of {sample} as a function of {name} = {variable} alone, every other number substituted (at {variable} = {value}: L = {loss})</source>
        <translation>{sample} 的损失只作为 {name} = {variable} 的函数，其余数值全部代入（在 {variable} = {value} 处：L = {loss}）</translation>
    </message>
</context>
<context>
    <name>CheckModel</name>
    <message>
        <source>parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>rel. error</source>
        <translation>相对误差</translation>
    </message>
    <message>
        <source>backprop</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>nudging</source>
        <translation>数值微扰</translation>
    </message>
    <message>
        <source>value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>The weight w(source → target) or the bias b(neuron)</source>
        <translation>权重 w(来源 → 目标) 或偏置 b(神经元)</translation>
    </message>
    <message>
        <source>|backprop − nudging| / max(|backprop|, |nudging|)</source>
        <translation>|反向传播 − 数值微扰| / max(|反向传播|, |数值微扰|)</translation>
    </message>
    <message>
        <source>backprop&apos;s ∂L/∂p</source>
        <translation>反向传播得到的 ∂L/∂p</translation>
    </message>
    <message>
        <source>nudging: (L(p+ε) − L(p−ε)) / 2ε</source>
        <translation>数值微扰：(L(p+ε) − L(p−ε)) / 2ε</translation>
    </message>
    <message>
        <source>the parameter&apos;s value</source>
        <translation>参数的当前值</translation>
    </message>
</context>
<context>
    <name>Clipboard</name>
    <message>
        <source>the clipboard holds damaged neurons ({error})</source>
        <translation>剪贴板中的神经元已损坏（{error}）</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Add neurons</source>
        <translation>添加神经元</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Edit neuron</source>
        <translation>编辑神经元</translation>
    </message>
    <message>
        <source>Edit connection</source>
        <translation>编辑连接</translation>
    </message>
    <message>
        <source>Set parameters</source>
        <translation>设置参数</translation>
    </message>
    <message>
        <source>Change settings</source>
        <translation>更改设置</translation>
    </message>
    <message>
        <source>Set history</source>
        <translation>设置历史</translation>
    </message>
    <message>
        <source>Apply trained weights</source>
        <translation>应用训练得到的权重</translation>
    </message>
    <message>
        <source>Initialise weights ({init})</source>
        <translation>初始化权重（{init}）</translation>
    </message>
    <message>
        <source>Reset weights ({init})</source>
        <translation>重置权重（{init}）</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixPlot</name>
    <message>
        <source>predicted class →</source>
        <translation>预测类别 →</translation>
    </message>
    <message>
        <source>true class →</source>
        <translation>真实类别 →</translation>
    </message>
</context>
<context>
    <name>ConnectGesture</name>
    <message>
        <source>{0} would close a loop: release to make it a recurrent connection (t−1)</source>
        <translation>{0} 会闭合一个回路：松开鼠标即可把它设为循环连接 (t−1)</translation>
    </message>
</context>
<context>
    <name>CostPanel</name>
    <message>
        <source>forward pass</source>
        <translation>前向传播</translation>
    </message>
    <message>
        <source>backward pass (backprop)</source>
        <translation>反向传递（反向传播）</translation>
    </message>
    <message>
        <source>every gradient by backprop</source>
        <translation>用反向传播求全部梯度</translation>
    </message>
    <message>
        <source>every gradient by nudging</source>
        <translation>用数值微扰求全部梯度</translation>
    </message>
    <message>
        <source>Bars to scale (linear): the longest is nudging. Backprop&apos;s bar is {share} of it.</source>
        <translation>条形按比例绘制（线性）：最长的是数值微扰。反向传播的条形只有它的 {share}。</translation>
    </message>
    <message>
        <source>What all the gradients cost (multiply-adds per sample)</source>
        <translation>求出全部梯度的计算代价（每个样本的乘加次数）</translation>
    </message>
    <message>
        <source>The network cannot run yet: {problem}</source>
        <translation>网络还不能运行：{problem}</translation>
    </message>
    <message>
        <source>under 0.01%</source>
        <translation>不到 0.01%</translation>
    </message>
    <message>
        <source>&lt;p&gt;{weights} weights and {biases} biases: &lt;b&gt;{parameters} parameters&lt;/b&gt;.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Forward pass:&lt;/b&gt; one multiply-add per weight, {forward}.&lt;br&gt;&lt;b&gt;Backward pass:&lt;/b&gt; ∂L/∂w = δ·a for every weight, plus ∂L/∂a += w·δ for every weight leaving a non-input neuron: {backward}.&lt;br&gt;&lt;b&gt;Backprop, every gradient:&lt;/b&gt; forward + backward = {backprop}.&lt;br&gt;&lt;b&gt;Nudging, every gradient:&lt;/b&gt; two forward passes per parameter, 2 × {parameters} × {forward} = {nudging}.&lt;/p&gt;&lt;p style=&apos;font-size:11pt&apos;&gt;Backprop is &lt;b&gt;{speedup}× cheaper&lt;/b&gt; here. Its cost grows like the number of weights; nudging&apos;s like its square — the reason networks with many parameters are trained by backprop.&lt;/p&gt;&lt;p style=&apos;color:#6b7280&apos;&gt;Per sample: multiply by the batch size for a minibatch. The compiled level plan actually executes {executed} multiply-adds per forward pass, counting the zeros of missing connections inside its dense blocks.&lt;/p&gt;</source>
        <translation>&lt;p&gt;{weights} 个权重和 {biases} 个偏置：共 &lt;b&gt;{parameters} 个参数&lt;/b&gt;。&lt;/p&gt;&lt;p&gt;&lt;b&gt;前向传播：&lt;/b&gt;每个权重一次乘加，共 {forward} 次。&lt;br&gt;&lt;b&gt;反向传递：&lt;/b&gt;每个权重计算 ∂L/∂w = δ·a，再加上每个从非输入神经元出发的权重计算 ∂L/∂a += w·δ：共 {backward} 次。&lt;br&gt;&lt;b&gt;反向传播，求全部梯度：&lt;/b&gt;前向 + 反向 = {backprop} 次。&lt;br&gt;&lt;b&gt;数值微扰，求全部梯度：&lt;/b&gt;每个参数需要两次前向传播，2 × {parameters} × {forward} = {nudging} 次。&lt;/p&gt;&lt;p style=&apos;font-size:11pt&apos;&gt;在这里反向传播&lt;b&gt;便宜 {speedup} 倍&lt;/b&gt;。它的代价随权重个数线性增长，而数值微扰随其平方增长——这正是参数很多的网络都用反向传播来训练的原因。&lt;/p&gt;&lt;p style=&apos;color:#6b7280&apos;&gt;以上按每个样本计：小批量要再乘以批大小。编译后的分层计划每次前向传播实际执行 {executed} 次乘加，其中包括稠密块内缺失连接对应的零。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Counts</name>
    <message numerus="yes">
        <source>%Ln neuron(s)</source>
        <translation>
            <numerusform>%Ln 个神经元</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln connection(s)</source>
        <translation>
            <numerusform>%Ln 条连接</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>on %n training sample(s)</source>
        <translation>
            <numerusform>基于 %n 个训练样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>on %n training sequence(s) of {steps} steps</source>
        <translation>
            <numerusform>基于 %n 个训练序列，每个 {steps} 步</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>mean activation a: {value} (over %n training sample(s))</source>
        <translation>
            <numerusform>平均激活值 a：{value}（基于 %n 个训练样本）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connect {name} → … (%n valid target(s) highlighted; Esc cancels)</source>
        <translation>
            <numerusform>连接 {name} → …（已高亮 %n 个可连接的目标；按 Esc 取消）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The timeline holds %n snapshot(s) of this run</source>
        <translation>
            <numerusform>时间线保存了这次训练的 %n 个快照</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paint %n points of value {k}</source>
        <translation>
            <numerusform>绘制 %n 个值为 {k} 的点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Paint %n points of class {k}</source>
        <translation>
            <numerusform>绘制 %n 个类别为 {k} 的点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Erase %n drawn point(s)</source>
        <translation>
            <numerusform>擦除 %n 个绘制的点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n number(s)</source>
        <translation>
            <numerusform>%n 个数值</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} input</source>
        <extracomment>word → its count&apos;s two English forms, translated where a message is written</extracomment>
        <translation>{n} 个输入</translation>
    </message>
    <message>
        <source>{n} inputs</source>
        <translation>{n} 个输入</translation>
    </message>
    <message>
        <source>{n} input neuron</source>
        <translation>{n} 个输入神经元</translation>
    </message>
    <message>
        <source>{n} input neurons</source>
        <translation>{n} 个输入神经元</translation>
    </message>
    <message>
        <source>{n} output</source>
        <translation>{n} 个输出</translation>
    </message>
    <message>
        <source>{n} outputs</source>
        <translation>{n} 个输出</translation>
    </message>
    <message>
        <source>{n} output neuron</source>
        <translation>{n} 个输出神经元</translation>
    </message>
    <message>
        <source>{n} output neurons</source>
        <translation>{n} 个输出神经元</translation>
    </message>
    <message>
        <source>{n} class</source>
        <translation>{n} 个类别</translation>
    </message>
    <message>
        <source>{n} classes</source>
        <translation>{n} 个类别</translation>
    </message>
    <message>
        <source>{n} target</source>
        <translation>{n} 个目标值</translation>
    </message>
    <message>
        <source>{n} targets</source>
        <translation>{n} 个目标值</translation>
    </message>
    <message>
        <source>{n} column</source>
        <translation>{n} 列</translation>
    </message>
    <message>
        <source>{n} columns</source>
        <translation>{n} 列</translation>
    </message>
    <message>
        <source>{n} row</source>
        <translation>{n} 行</translation>
    </message>
    <message>
        <source>{n} rows</source>
        <translation>{n} 行</translation>
    </message>
    <message>
        <source>{n} data row</source>
        <translation>{n} 行数据</translation>
    </message>
    <message>
        <source>{n} data rows</source>
        <translation>{n} 行数据</translation>
    </message>
    <message>
        <source>{n} image</source>
        <translation>{n} 张图像</translation>
    </message>
    <message>
        <source>{n} images</source>
        <translation>{n} 张图像</translation>
    </message>
    <message>
        <source>{n} point</source>
        <translation>{n} 个点</translation>
    </message>
    <message>
        <source>{n} points</source>
        <translation>{n} 个点</translation>
    </message>
</context>
<context>
    <name>CurvePlot</name>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>log</source>
        <extracomment>measured at a few rows only (NaN elsewhere): drawn through its measured points pixels a label may reach past the axis&apos;s ends (the &quot;0&quot; under the left axis) (x, y) of other curves drawn here (remembered runs): the ranges take them in</extracomment>
        <translation>对数</translation>
    </message>
    <message>
        <source>Logarithmic y axis: equal ratios look equal, so slow late progress stays visible</source>
        <translation>对数 y 轴：相同的比例看起来一样大，后期缓慢的进展也能看清</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>epoch {epoch}</source>
        <translation>第 {epoch} 轮</translation>
    </message>
    <message>
        <source> (latest values)</source>
        <translation>（最新数值）</translation>
    </message>
    <message>
        <source> (under the cursor)</source>
        <translation>（光标处）</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <extracomment>a click on a curve: view the run as it was at this epoch</extracomment>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Learning rate η</source>
        <translation>学习率 η</translation>
    </message>
</context>
<context>
    <name>Data</name>
    <message>
        <source>{display} line {line}, column {column} ({name!r})</source>
        <extracomment>(n_rows, n_columns) float64 when NumPy read the file; then ``rows`` is empty and a problem with a cell is found again by the cell-by-cell reader (see _Reread)</extracomment>
        <translation>{display} 第 {line} 行第 {column} 列（{name!r}）</translation>
    </message>
    <message>
        <source>{display}: file not found (looked for {path})</source>
        <translation>{display}：找不到文件（查找的位置：{path}）</translation>
    </message>
    <message>
        <source>{display} is {what}, not a CSV file</source>
        <translation>{display} 是{what}，不是 CSV 文件</translation>
    </message>
    <message>
        <source>{display} is larger than {max_bytes} MB, the most a CSV file may have</source>
        <translation>{display} 大于 {max_bytes} MB，这是 CSV 文件允许的最大值</translation>
    </message>
    <message>
        <source>{display}: cannot read the file ({error})</source>
        <translation>{display}：无法读取该文件（{error}）</translation>
    </message>
    <message>
        <source>{display} line {line}: byte 0x{byte:02X} is not UTF-8 text; save the file as UTF-8</source>
        <translation>{display} 第 {line} 行：字节 0x{byte:02X} 不是 UTF-8 文本；请把文件另存为 UTF-8 编码</translation>
    </message>
    <message>
        <source>{display} line {start}: expected {width} columns, found {count}</source>
        <translation>{display} 第 {start} 行：应有 {width} 列，实际有 {count} 列</translation>
    </message>
    <message>
        <source>a quoted cell is never closed</source>
        <translation>有一个加引号的单元格没有闭合</translation>
    </message>
    <message>
        <source>{display} line {line}: {problem}</source>
        <translation>{display} 第 {line} 行：{problem}</translation>
    </message>
    <message>
        <source>{display} is empty</source>
        <translation>{display} 是空的</translation>
    </message>
    <message>
        <source>{display} has a header but no data rows</source>
        <translation>{display} 只有表头，没有数据行</translation>
    </message>
    <message>
        <source>{display} has only {rows}; at least {min_rows} are needed</source>
        <translation>{display} 只有 {rows}；至少需要 {min_rows} 行</translation>
    </message>
    <message>
        <source>is not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>{where}: the cell is empty</source>
        <translation>{where}：单元格是空的</translation>
    </message>
    <message>
        <source>{where}: {cell!r} {problem}</source>
        <translation>{where}：{cell!r} {problem}</translation>
    </message>
    <message>
        <source>is not a finite number</source>
        <translation>不是有限的数</translation>
    </message>
    <message>
        <source>{display} has 1 column: expected input columns followed by a target column</source>
        <translation>{display} 只有 1 列：应先是输入列，最后是一列目标值</translation>
    </message>
    <message>
        <source>the network has {inputs}</source>
        <translation>网络有 {inputs}</translation>
    </message>
    <message>
        <source>at least {n} columns</source>
        <translation>至少 {n} 列</translation>
    </message>
    <message>
        <source>the network has {inputs} and {outputs}</source>
        <translation>网络有 {inputs}和 {outputs}</translation>
    </message>
    <message>
        <source>{n} columns</source>
        <translation>{n} 列</translation>
    </message>
    <message>
        <source>{n} columns (inputs, then a class label) or {wide} (inputs, then {targets} targets)</source>
        <translation>{n} 列（输入，再加一列类别标签）或 {wide} 列（输入，再加 {targets} 列目标值）</translation>
    </message>
    <message>
        <source>{display} has {columns} but {network}: expected {expected}</source>
        <translation>{display} 有 {columns}，但{network}：应为 {expected}</translation>
    </message>
    <message>
        <source> (one output tells 2 classes apart)</source>
        <translation>（一个输出可以区分 2 个类别）</translation>
    </message>
    <message>
        <source>{display} column {column} ({name!r}) holds {count} different labels ({shown}) but the network has {outputs}{hint}</source>
        <translation>{display} 第 {column} 列（{name!r}）有 {count} 种不同的标签（{shown}），但网络只有 {outputs}{hint}</translation>
    </message>
    <message>
        <source>is not a class number (whole numbers from 0)</source>
        <translation>不是类别编号（应为从 0 开始的整数）</translation>
    </message>
    <message>
        <source>is out of the class range 0..{last}</source>
        <translation>超出了类别范围 0..{last}</translation>
    </message>
    <message>
        <source>is out of the class range 0..{last} (the network has {outputs})</source>
        <translation>超出了类别范围 0..{last}（网络有 {outputs}）</translation>
    </message>
    <message>
        <source>is not a number; regression needs numbers</source>
        <translation>不是数字；回归任务需要数字</translation>
    </message>
    <message>
        <source>task must be one of {tasks}; got {task!r}</source>
        <translation>任务必须是 {tasks} 之一；实际为 {task!r}</translation>
    </message>
    <message>
        <source>{display} has {columns} but the network has {inputs}: expected {n_inputs} columns, all inputs</source>
        <translation>{display} 有 {columns}，但网络有 {inputs}：应为 {n_inputs} 列，全部是输入</translation>
    </message>
    <message>
        <source>the training set is empty</source>
        <extracomment>what was applied to x_train and x_test: they hold what the network computes with; ``scaling.invert`` gives the data&apos;s own units back &quot;&quot; for samples. Sequences (docs/recurrent.md): &quot;every&quot; or &quot;last&quot;, the steps that have targets; then x is ``(n, T, n_features)``, labels ``(n, T)`` and regression targets ``(n, T, n_targets)``, one sequence per row, all of length T</extracomment>
        <translation>训练集是空的</translation>
    </message>
    <message>
        <source>{name} has {inputs} per sample but the network has {neurons}</source>
        <translation>{name} 每个样本有 {inputs}，但网络有 {neurons}</translation>
    </message>
    <message>
        <source>{targets} per sample</source>
        <translation>每个样本 {targets}</translation>
    </message>
    <message>
        <source>{classes}, so the network needs {n} outputs (or 1)</source>
        <translation>{classes}，所以网络需要 {n} 个输出（或 1 个）</translation>
    </message>
    <message>
        <source>{classes}, so the network needs {n} outputs</source>
        <translation>{classes}，所以网络需要 {n} 个输出</translation>
    </message>
    <message>
        <source>{name} has {wanted} but the network has {neurons}</source>
        <translation>{name} 有 {wanted}，但网络有 {neurons}</translation>
    </message>
    <message>
        <source>{name}: the images are {size} pixels ({features:,} inputs) but the network has {neurons}: </source>
        <translation>{name}：图像为 {size} 像素（{features:,} 个输入），但网络有 {neurons}：</translation>
    </message>
    <message>
        <source>make a {n}-input network</source>
        <translation>请建一个有 {n} 个输入的网络</translation>
    </message>
    <message>
        <source>resize to {side}×{side} in the dataset settings, or make a {n}-input network</source>
        <translation>请在数据集设置中缩放到 {side}×{side}，或建一个有 {n} 个输入的网络</translation>
    </message>
    <message>
        <source>set the image size in the dataset settings to width × height = {pixels:,}, or make a {n}-input network</source>
        <translation>请在数据集设置中把图像尺寸设为 宽 × 高 = {pixels:,}，或建一个有 {n} 个输入的网络</translation>
    </message>
    <message>
        <source>{name} has {n_features} inputs; a decision-boundary plot needs exactly 2, not sequences</source>
        <translation>{name} 有 {n_features} 个输入；决策边界图需要正好 2 个输入，而且不能是序列</translation>
    </message>
    <message>
        <source>{name}: no labels file beside it (looked for {tried} in {parent})</source>
        <translation>{name}：旁边没有标签文件（在 {parent} 中查找了 {tried}）</translation>
    </message>
    <message>
        <source>{name} is {what}, not an IDX file</source>
        <translation>{name} 是{what}，不是 IDX 文件</translation>
    </message>
    <message>
        <source>{name} is {size:.1f} GB; the limit is {max_idx_bytes} GB</source>
        <translation>{name} 有 {size:.1f} GB；上限是 {max_idx_bytes} GB</translation>
    </message>
    <message>
        <source>{name}: cannot read the file ({reason})</source>
        <translation>{name}：无法读取该文件（{reason}）</translation>
    </message>
    <message>
        <source>{name}: not a complete gzip file ({error}); download it again</source>
        <translation>{name}：不是完整的 gzip 文件（{error}）；请重新下载</translation>
    </message>
    <message>
        <source>{name} unpacks to more than {max_idx_bytes} GB, the limit</source>
        <translation>{name} 解压后超过 {max_idx_bytes} GB 的上限</translation>
    </message>
    <message>
        <source>{name}: too short to be an IDX file ({count} bytes)</source>
        <translation>{name}：太短，不可能是 IDX 文件（{count} 字节）</translation>
    </message>
    <message>
        <source>{name}: not an IDX images file: magic number 0x{magic:08X}, expected 0x{expected:08X} (unsigned bytes, {dims} dimensions)</source>
        <translation>{name}：不是 IDX 图像文件：魔数为 0x{magic:08X}，应为 0x{expected:08X}（无符号字节，{dims} 维）</translation>
    </message>
    <message>
        <source>{name}: not an IDX labels file: magic number 0x{magic:08X}, expected 0x{expected:08X} (unsigned bytes, {dims} dimension)</source>
        <translation>{name}：不是 IDX 标签文件：魔数为 0x{magic:08X}，应为 0x{expected:08X}（无符号字节，{dims} 维）</translation>
    </message>
    <message>
        <source>{name}: the header is cut short ({count} bytes)</source>
        <translation>{name}：文件头不完整（{count} 字节）</translation>
    </message>
    <message>
        <source>{name}: truncated: the header promises {shape} values but the file holds {count}</source>
        <translation>{name}：文件不完整：文件头声明有 {shape} 个值，但文件只含 {count} 个</translation>
    </message>
    <message>
        <source>{name}: {count} bytes more than the header&apos;s {shape} values</source>
        <translation>{name}：比文件头声明的 {shape} 个值多出 {count} 字节</translation>
    </message>
    <message>
        <source>{name} holds {images:,} images but {labels_name} holds {labels:,} labels</source>
        <translation>{name} 含有 {images:,} 张图像，但 {labels_name} 含有 {labels:,} 个标签</translation>
    </message>
    <message>
        <source>{name}: the images are {rows}×{cols} pixels</source>
        <translation>{name}：图像为 {rows}×{cols} 像素</translation>
    </message>
    <message>
        <source>{name} holds no images</source>
        <translation>{name} 中没有图像</translation>
    </message>
    <message>
        <source>{display}: file not found (looked for {images_path})</source>
        <translation>{display}：找不到文件（查找的位置：{images_path}）</translation>
    </message>
    <message>
        <source>{display}: label {n_classes} is beyond the {count} classes of this dataset</source>
        <translation>{display}：标签 {n_classes} 超出了这个数据集的 {count} 个类别</translation>
    </message>
    <message>
        <source>{display}: every label is 0; a classifier needs at least two classes</source>
        <translation>{display}：所有标签都是 0；分类至少需要两个类别</translation>
    </message>
    <message>
        <source>{display}: folder not found (looked for {root})</source>
        <translation>{display}：找不到文件夹（查找的位置：{root}）</translation>
    </message>
    <message>
        <source>{display} is not a folder</source>
        <translation>{display} 不是文件夹</translation>
    </message>
    <message>
        <source>{display}: cannot read the folder ({reason})</source>
        <translation>{display}：无法读取该文件夹（{reason}）</translation>
    </message>
    <message>
        <source>{display} is a folder with no class subfolders, so not an image folder: put the images of each class in a subfolder named after it ({display}/cat/1.png, {display}/dog/1.png, …); a table is a CSV file</source>
        <translation>{display} 文件夹中没有按类别划分的子文件夹，所以不是图像文件夹：请把每个类别的图像放进以该类别命名的子文件夹（{display}/cat/1.png、{display}/dog/1.png、…）；表格数据请用 CSV 文件</translation>
    </message>
    <message>
        <source>{display} has a single class subfolder ({classes}); a classifier needs at least two classes</source>
        <translation>{display} 只有一个类别子文件夹（{classes}）；分类至少需要两个类别</translation>
    </message>
    <message>
        <source>{display}/{name} holds no images (PNG, JPEG, BMP, GIF or WebP): add some or remove the folder</source>
        <translation>{display}/{name} 中没有图像（PNG、JPEG、BMP、GIF 或 WebP）：请放入一些图像，或删除这个文件夹</translation>
    </message>
    <message>
        <source>{where}: not an image Pillow can read; delete it or save it again as PNG</source>
        <translation>{where}：Pillow 无法读取这个图像；请删除它，或重新保存为 PNG</translation>
    </message>
    <message>
        <source>{where}: the image is truncated or damaged ({text}); replace it or delete it</source>
        <translation>{where}：图像不完整或已损坏（{text}）；请替换或删除它</translation>
    </message>
    <message>
        <source>{where}: cannot decode the image ({text}); replace it or delete it</source>
        <translation>{where}：无法解码这个图像（{text}）；请替换或删除它</translation>
    </message>
    <message>
        <source>{display} has {images}; at least 2 are needed</source>
        <translation>{display} 只有 {images}；至少需要 2 张</translation>
    </message>
    <message>
        <source>{display} holds {n_images:,} images; the limit is {max_images:,}: train on a subset (copy some of each class into a new folder)</source>
        <extracomment>inputs × samples a dataset may hold: 2 GB as the float64 values the network reads</extracomment>
        <translation>{display} 含有 {n_images:,} 张图像；上限是 {max_images:,}：请用其中一部分训练（把每个类别的一部分图像复制到一个新文件夹）</translation>
    </message>
    <message>
        <source>{display}: {n_images:,} images of {width}×{height}{rgb} make {values:.1f} GB of inputs; the limit is {max_values} GB: choose a smaller image size in the dataset settings, or fewer images</source>
        <translation>{display}：{n_images:,} 张 {width}×{height}{rgb} 的图像共需 {values:.1f} GB 的输入数据；上限是 {max_values} GB：请在数据集设置中选更小的图像尺寸，或减少图像数量</translation>
    </message>
    <message>
        <source> Did you mean {guess!r}?</source>
        <translation> 你是不是想输入 {guess!r}？</translation>
    </message>
    <message>
        <source>{name!r} is not a built-in dataset ({builtins}) and no file or folder {path} exists.{hint}</source>
        <translation>{name!r} 不是内置数据集（{builtins}），也不存在文件或文件夹 {path}。{hint}</translation>
    </message>
    <message>
        <source>the dataset {name!r} is missing: no folder {path} (moved or deleted since the document was saved?); put it back or choose the dataset again</source>
        <translation>找不到数据集 {name!r}：没有文件夹 {path}（文档保存后被移动或删除了？）；请把它放回原处，或重新选择数据集</translation>
    </message>
    <message>
        <source>the dataset {name!r} is missing: no file {path} (moved or deleted since the document was saved?); put it back or choose the dataset again</source>
        <translation>找不到数据集 {name!r}：没有文件 {path}（文档保存后被移动或删除了？）；请把它放回原处，或重新选择数据集</translation>
    </message>
    <message>
        <source>{name} is a {task} dataset, not {task2}</source>
        <translation>{name} 是 {task} 数据集，不是 {task2}</translation>
    </message>
    <message>
        <source>{display} has no column named {column!r}, so it holds no sequences; a network with recurrent connections trains on sequences: add a column {column!r} that names the sequence each row belongs to (its rows in time order), or set the dataset&apos;s sequence column to the one that does</source>
        <translation>{display} 中没有名为 {column!r} 的列，所以其中没有序列；带循环连接的网络要用序列训练：请添加一列 {column!r}，写明每一行属于哪个序列（同一序列的行按时间顺序排列），或在数据集设置中把序列列设为已有的那一列</translation>
    </message>
    <message>
        <source>{display} line {line}: sequence {name!r} continues after sequence {previous!r} began; keep the rows of each sequence together, in time order</source>
        <translation>{display} 第 {line} 行：序列 {previous!r} 开始之后序列 {name!r} 又继续出现；请把每个序列的行放在一起，并按时间顺序排列</translation>
    </message>
    <message>
        <source>{display} line {line}: the sequence cell is empty</source>
        <translation>{display} 第 {line} 行：序列单元格是空的</translation>
    </message>
    <message>
        <source>{display}: the sequences have different lengths (sequence {first!r} has {rows}, sequence {other!r} {rows2}, from line {line}); BP Studio trains on sequences of one length: pad or cut them to the same number of rows</source>
        <translation>{display}：序列长度不一致（序列 {first!r} 有 {rows}，序列 {other!r} 有 {rows2}，从第 {line} 行开始）；BP Studio 只能用等长的序列训练：请补齐或截短到相同的行数</translation>
    </message>
    <message>
        <source>{display} has only {rows}; at least 2 are needed</source>
        <translation>{display} 只有 {rows}；至少需要 2 行</translation>
    </message>
    <message>
        <source>{name} has {columns} besides {column!r} but the network has {inputs}: expected {n_inputs} input columns</source>
        <translation>{name} 除 {column!r} 外有 {columns}，但网络有 {inputs}：应有 {n_inputs} 列输入</translation>
    </message>
    <message>
        <source>{name} line {line}: sequence {sequence!r} continues after sequence {previous!r} began; keep the rows of each sequence together, in time order</source>
        <translation>{name} 第 {line} 行：序列 {previous!r} 开始之后序列 {sequence!r} 又继续出现；请把每个序列的行放在一起，并按时间顺序排列</translation>
    </message>
    <message>
        <source>the built-in dataset {name} is missing or damaged ({path}: {error}); reinstall BP Studio</source>
        <translation>内置数据集 {name} 丢失或已损坏（{path}：{error}）；请重新安装 BP Studio</translation>
    </message>
    <message>
        <source>the built-in dataset {name} is damaged ({path}: {count} names for {shape} columns); reinstall BP Studio</source>
        <translation>内置数据集 {name} 已损坏（{path}：{count} 个列名对应 {shape} 列）；请重新安装 BP Studio</translation>
    </message>
    <message>
        <source>the drawing has {points}; draw at least {min_points} on the decision-boundary plane (Draw data) to train on them</source>
        <translation>图上只有 {points}；请在决策边界平面上至少画 {min_points} 个点（绘制数据），才能用它们训练</translation>
    </message>
</context>
<context>
    <name>DatasetLoader</name>
    <message>
        <source>loading {name} was cancelled; press Train or choose the dataset again to load it</source>
        <extracomment>(dataset name, LoadProgress | None): a load started (None) or moved on (key, Dataset) (key, DataError): it failed, or was cancelled (the message says so) a load ended, whichever way (the progress bar closes)</extracomment>
        <translation>已取消加载 {name}；按“训练”或重新选择数据集即可再次加载</translation>
    </message>
    <message>
        <source>cannot load {name}</source>
        <translation>无法加载 {name}</translation>
    </message>
</context>
<context>
    <name>Datasets</name>
    <message>
        <source>Four quadrant clusters, label 1 where x1 and x2 differ in sign (4 samples: the classic XOR truth table)</source>
        <extracomment>the built-in datasets&apos; descriptions (bpstudio/data/catalog.py), shown in the Training dock; tests/ui/test_translations.py fails when one is missing here</extracomment>
        <translation>四个象限中的点簇，x1 与 x2 符号不同时标签为 1（4 个样本：经典的 XOR 真值表）</translation>
    </message>
    <message>
        <source>A disc of one class inside a ring of the other</source>
        <translation>一类是圆盘，另一类是包围它的圆环</translation>
    </message>
    <message>
        <source>Two Gaussian blobs: linearly separable</source>
        <translation>两团高斯分布的点：线性可分</translation>
    </message>
    <message>
        <source>Two interleaved spiral arms: hard but learnable</source>
        <translation>两条交错的螺旋臂：很难，但可以学会</translation>
    </message>
    <message>
        <source>Two interleaving half circles</source>
        <translation>两个相互交错的半圆</translation>
    </message>
    <message>
        <source>y = 0.5·x1 − 0.3·x2 + 0.1 plus noise</source>
        <translation>y = 0.5·x1 − 0.3·x2 + 0.1，加上噪声</translation>
    </message>
    <message>
        <source>y = sin(π·x) plus noise, x in [−1, 1]</source>
        <translation>y = sin(π·x)，加上噪声，x 取 [−1, 1]</translation>
    </message>
    <message>
        <source>1,797 handwritten digits, 8×8 pixels in [0, 1], 10 classes</source>
        <translation>1,797 个手写数字，8×8 像素，取值 [0, 1]，10 个类别</translation>
    </message>
    <message>
        <source>10,000 Fashion-MNIST clothing images (the test set), 28×28 pixels in [0, 1], 10 classes</source>
        <translation>10,000 张 Fashion-MNIST 服饰图像（其测试集），28×28 像素，取值 [0, 1]，10 个类别</translation>
    </message>
    <message>
        <source>150 iris flowers: 4 measurements in cm, 3 species</source>
        <translation>150 朵鸢尾花：4 个以厘米为单位的测量值，3 个品种</translation>
    </message>
    <message>
        <source>178 Italian wines: 13 chemical measurements, 3 cultivars</source>
        <translation>178 种意大利葡萄酒：13 个化学测量值，3 个葡萄品种</translation>
    </message>
    <message>
        <source>569 breast tumour biopsies (Wisconsin): 30 cell measurements, malignant or benign</source>
        <translation>569 份乳腺肿瘤活检（威斯康星）：30 个细胞测量值，恶性或良性</translation>
    </message>
    <message>
        <source>442 diabetes patients: 10 baseline measurements, disease progression after a year (regression)</source>
        <translation>442 名糖尿病患者：10 个基线测量值，一年后的病情进展（回归）</translation>
    </message>
    <message>
        <source>Sequences of random bits; the target is the bit from 2 steps ago</source>
        <translation>随机比特序列；目标值是 2 步之前的那个比特</translation>
    </message>
    <message>
        <source>Sequences of random bits; the target is the running XOR (parity) of the bits so far</source>
        <translation>随机比特序列；目标值是到目前为止所有比特的累计异或（奇偶校验）</translation>
    </message>
    <message>
        <source>Noisy sines of random frequency and phase; the target is the next step&apos;s value</source>
        <translation>频率和相位随机、带噪声的正弦波；目标值是下一步的值</translation>
    </message>
    <message>
        <source>A value and a marker per step; the target is the sum of the marked values so far (the adding problem)</source>
        <translation>每一步有一个数值和一个标记；目标值是到目前为止被标记数值之和（加法问题）</translation>
    </message>
    <message>
        <source>xor</source>
        <extracomment>the built-in datasets&apos; names as the Training dock lists them (files keep the names)</extracomment>
        <translation>xor 异或</translation>
    </message>
    <message>
        <source>circle</source>
        <translation>circle 圆环</translation>
    </message>
    <message>
        <source>gaussians</source>
        <translation>gaussians 高斯团</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>spiral 螺旋</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>moons 双月</translation>
    </message>
    <message>
        <source>plane</source>
        <translation>plane 平面</translation>
    </message>
    <message>
        <source>sine</source>
        <translation>sine 正弦</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>digits 手写数字</translation>
    </message>
    <message>
        <source>fashion</source>
        <translation>fashion 服饰图像</translation>
    </message>
    <message>
        <source>iris</source>
        <translation>iris 鸢尾花</translation>
    </message>
    <message>
        <source>wine</source>
        <translation>wine 葡萄酒</translation>
    </message>
    <message>
        <source>breast_cancer</source>
        <translation>breast_cancer 乳腺肿瘤</translation>
    </message>
    <message>
        <source>diabetes</source>
        <translation>diabetes 糖尿病</translation>
    </message>
    <message>
        <source>echo</source>
        <translation>echo 回声</translation>
    </message>
    <message>
        <source>parity</source>
        <translation>parity 奇偶校验</translation>
    </message>
    <message>
        <source>sine-next</source>
        <translation>sine-next 正弦预测</translation>
    </message>
    <message>
        <source>adding</source>
        <translation>adding 加法问题</translation>
    </message>
</context>
<context>
    <name>DigitGrid</name>
    <message>
        <source>Caption: &lt;b&gt;predicted&lt;/b&gt; ✓ when right; &lt;span style=&apos;color:{wrong}&apos;&gt;&lt;b&gt;predicted ≠ true&lt;/b&gt;&lt;/span&gt;, framed in red, when wrong</source>
        <extracomment>the line above the grid that says how to read a caption (else only the tooltip did)</extracomment>
        <translation>图注：预测正确时显示 &lt;b&gt;预测值&lt;/b&gt; ✓；预测错误时显示 &lt;span style=&apos;color:{wrong}&apos;&gt;&lt;b&gt;预测值 ≠ 真实值&lt;/b&gt;&lt;/span&gt;，并加红框</translation>
    </message>
</context>
<context>
    <name>DigitsPanel</name>
    <message>
        <source>Mistakes first</source>
        <translation>错误优先</translation>
    </message>
    <message>
        <source>Mistakes first, then the least sure right answers (ordered by the probability of the true class)</source>
        <translation>先显示预测错误的，再显示最没把握的正确答案（按真实类别的概率排序）</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>测试图像</translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>{dataset} is a regression dataset: there are no classes to confuse.</source>
        <translation>{dataset} 是回归数据集：没有可混淆的类别。</translation>
    </message>
    <message>
        <source>Test set</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Training set</source>
        <translation>训练集</translation>
    </message>
    <message numerus="yes">
        <source>%n scored step(s)</source>
        <translation>
            <numerusform>%n 个计分步</numerusform>
        </translation>
    </message>
    <message>
        <source>{samples}, {mistakes}, accuracy {accuracy} %</source>
        <translation>{samples}，{mistakes}，准确率 {accuracy} %</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s)</source>
        <translation>
            <numerusform>%n 个样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mistake(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message>
        <source>sample {i} of the test set</source>
        <translation>测试集的第 {i} 个样本</translation>
    </message>
    <message>
        <source>sample {i} of the training set</source>
        <translation>训练集的第 {i} 个样本</translation>
    </message>
    <message>
        <source>true: {true}, predicted: {predicted}</source>
        <translation>真实：{true}，预测：{predicted}</translation>
    </message>
    <message>
        <source>p(true class) = {p:.3f}</source>
        <translation>p(真实类别) = {p:.3f}</translation>
    </message>
    <message>
        <source> The first {shown} of {all} are shown.</source>
        <translation>这里显示 {all} 个中的前 {shown} 个。</translation>
    </message>
    <message>
        <source> RGB images: the weights from the red, green and blue values of each pixel side by side.</source>
        <translation> RGB 图像：每个像素红、绿、蓝三个值对应的权重并排显示。</translation>
    </message>
    <message>
        <source>Each picture is a hidden neuron fed only by inputs: its weight from every pixel, blue positive, orange negative, scaled to its own largest |w|.</source>
        <translation>每幅图对应一个只接收输入的隐藏神经元：显示它来自每个像素的权重，蓝色为正、橙色为负，按它自己最大的 |w| 缩放。</translation>
    </message>
    <message>
        <source>No hidden neuron here reads only inputs.</source>
        <translation>这里没有只接收输入的隐藏神经元。</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>{title} (example)</source>
        <translation>{title}（示例）</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>cannot open {path}: {reason}</source>
        <translation>无法打开 {path}：{reason}</translation>
    </message>
</context>
<context>
    <name>DocumentData</name>
    <message>
        <source>loading {name} (see the progress bar)…</source>
        <extracomment>what &quot;the network, its settings or its data cannot be used&quot; raises dataset kinds that load on the loader&apos;s thread when one is attached</extracomment>
        <translation>正在加载 {name}（见进度条）…</translation>
    </message>
</context>
<context>
    <name>DrawPoints</name>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Draw data</source>
        <translation>绘制数据</translation>
    </message>
    <message>
        <source>Click the plane to add a point of the chosen class (keys 0–9 choose it), right-click to erase; the points become this network&apos;s data</source>
        <translation>单击平面添加一个所选类别的点（按 0–9 选择类别），右键单击擦除；这些点会成为这个网络的数据</translation>
    </message>
    <message>
        <source>Class {k}</source>
        <translation>类别 {k}</translation>
    </message>
    <message>
        <source>The class of the points a click adds</source>
        <translation>单击添加的点的类别</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Draw class labels, or target values for regression (chosen while the drawing is empty)</source>
        <translation>绘制类别标签，或回归问题的目标值（在还没有绘制点时选择）</translation>
    </message>
    <message>
        <source>The target value of the points a click adds</source>
        <translation>单击添加的点的目标值</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Remove every drawn point (one undo step)</source>
        <translation>移除所有绘制的点（一个撤销步骤）</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save the drawn points as x1,x2,label (or target) rows</source>
        <translation>把绘制的点保存为 x1,x2,label（或目标值）各行</translation>
    </message>
    <message>
        <source>Draw a point of value {k}</source>
        <translation>绘制一个值为 {k} 的点</translation>
    </message>
    <message>
        <source>Draw a point of class {k}</source>
        <translation>绘制一个类别为 {k} 的点</translation>
    </message>
    <message>
        <source>Export the drawn points</source>
        <translation>导出绘制的点</translation>
    </message>
    <message>
        <source>Cannot export the points</source>
        <translation>无法导出这些点</translation>
    </message>
    <message>
        <source>Clear the drawn points</source>
        <translation>清除绘制的点</translation>
    </message>
</context>
<context>
    <name>EdgeStyle</name>
    <message>
        <source>positive weight</source>
        <extracomment>edges without a value of their own are coloured by the model&apos;s weight</extracomment>
        <translation>正权重</translation>
    </message>
    <message>
        <source>negative weight</source>
        <translation>负权重</translation>
    </message>
    <message>
        <source>width ∝ |w|, widest at {scale}</source>
        <translation>线宽 ∝ |w|，在 {scale} 处最宽</translation>
    </message>
    <message>
        <source>frozen (not trained)</source>
        <translation>已冻结（不参与训练）</translation>
    </message>
    <message>
        <source>weight grew since training started</source>
        <translation>自训练开始以来权重增大</translation>
    </message>
    <message>
        <source>weight shrank</source>
        <translation>权重减小</translation>
    </message>
    <message>
        <source>width ∝ |Δw|, widest at {scale}</source>
        <translation>线宽 ∝ |Δw|，在 {scale} 处最宽</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>未变化</translation>
    </message>
    <message>
        <source>|∂L/∂w|, mean over the last report</source>
        <translation>|∂L/∂w|，上次报告的平均值</translation>
    </message>
    <message>
        <source>no gradient yet</source>
        <translation>尚无梯度</translation>
    </message>
</context>
<context>
    <name>EditController</name>
    <message>
        <source>Cannot connect: {problem}</source>
        <translation>无法连接：{problem}</translation>
    </message>
    <message>
        <source>activation</source>
        <extracomment>the neuron and connection fields the properties panel edits, as the undo list names them</extracomment>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{action} refused: {problem}</source>
        <extracomment>a short report for the status bar (&quot;Connected x1 → h3&quot;, &quot;Cannot connect: …&quot;) an edit was refused; the text says why (the properties panel shows it too) neuron ids marked as &quot;source (A)&quot; for fully connecting A → a later selection where the document&apos;s relative dataset path starts (new input layers follow the shape of its images); the window sets it how far apart auto-layout puts hidden neurons (more than the usual rows while their thumbnails are shown); the window sets it, 0 keeps the usual rows</extracomment>
        <translation>“{action}”被拒绝：{problem}</translation>
    </message>
    <message>
        <source>Add {role} neuron</source>
        <translation>添加{role}神经元</translation>
    </message>
    <message>
        <source>Add layer of {count}</source>
        <translation>添加 {count} 个神经元的层</translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln {role} neuron(s)</source>
        <translation>
            <numerusform>已添加 %Ln 个{role}神经元</numerusform>
        </translation>
    </message>
    <message>
        <source>Connect {0} (recurrent)</source>
        <translation>连接 {0}（循环）</translation>
    </message>
    <message>
        <source>Connected {0} as a recurrent connection (t−1)</source>
        <translation>已把 {0} 连接为循环连接 (t−1)</translation>
    </message>
    <message>
        <source>Connect {names}</source>
        <translation>连接 {names}</translation>
    </message>
    <message>
        <source>Connected {names}</source>
        <translation>已连接 {names}</translation>
    </message>
    <message>
        <source>{2}.

Make it recurrent? A recurrent connection carries {0}&apos;s value from the previous time step (t−1) into {1}, so it may close a loop; the network then trains on sequences.</source>
        <translation>{2}。

要把它设为循环连接吗？循环连接把 {0} 在上一个时间步 (t−1) 的值传给 {1}，因此可以闭合回路；这样网络就要在序列数据上训练。</translation>
    </message>
    <message>
        <source>Make It Recurrent?</source>
        <translation>设为循环连接？</translation>
    </message>
    <message numerus="yes">
        <source>Move %Ln neuron(s)</source>
        <translation>
            <numerusform>移动 %Ln 个神经元</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Moved %Ln neuron(s)</source>
        <translation>
            <numerusform>已移动 %Ln 个神经元</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing selected to delete</source>
        <translation>没有选中可删除的内容</translation>
    </message>
    <message>
        <source> and </source>
        <translation> 和 </translation>
    </message>
    <message>
        <source>Delete {what}</source>
        <translation>删除 {what}</translation>
    </message>
    <message>
        <source>Deleted {what}</source>
        <translation>已删除 {what}</translation>
    </message>
    <message>
        <source>Select neurons to copy</source>
        <translation>请先选择要复制的神经元</translation>
    </message>
    <message>
        <source>Copied {neurons} and {connections}</source>
        <translation>已复制 {neurons} 和 {connections}</translation>
    </message>
    <message>
        <source>The clipboard holds no neurons to paste</source>
        <translation>剪贴板中没有可粘贴的神经元</translation>
    </message>
    <message>
        <source>Select neurons to duplicate</source>
        <translation>请先选择要复制出副本的神经元</translation>
    </message>
    <message>
        <source>Paste {neurons}</source>
        <translation>粘贴 {neurons}</translation>
    </message>
    <message>
        <source>Duplicate {neurons}</source>
        <translation>创建 {neurons} 的副本</translation>
    </message>
    <message>
        <source>Pasted {neurons} with {connections}</source>
        <translation>已粘贴 {neurons}，含 {connections}</translation>
    </message>
    <message>
        <source>Duplicated {neurons} with {connections}</source>
        <translation>已创建 {neurons} 的副本，含 {connections}</translation>
    </message>
    <message>
        <source>Select two or more columns of neurons (left → right) first</source>
        <translation>请先选择两列或更多列神经元（从左 → 右）</translation>
    </message>
    <message>
        <source>{sizes}: already fully connected</source>
        <translation>{sizes}：已经全连接</translation>
    </message>
    <message>
        <source>Fully connect {sizes}</source>
        <translation>全连接 {sizes}</translation>
    </message>
    <message numerus="yes">
        <source>Fully connected {sizes}: %Ln new connection(s)</source>
        <translation>
            <numerusform>已全连接 {sizes}：新增 %Ln 条连接</numerusform>
        </translation>
    </message>
    <message>
        <source>Select the neurons to connect from, then mark them as source (A)</source>
        <translation>先选择作为起点的神经元，再把它们标记为来源 (A)</translation>
    </message>
    <message numerus="yes">
        <source>Marked %Ln neuron(s) as source (A): now select the targets and choose Fully Connect Source (A) → Selection</source>
        <translation>
            <numerusform>已将 %Ln 个神经元标记为来源 (A)：现在选择目标神经元，然后选择“全连接来源 (A) → 选区”</numerusform>
        </translation>
    </message>
    <message>
        <source>Mark the source neurons first (Mark Selection as Source (A))</source>
        <translation>请先标记来源神经元（“将选区标记为来源 (A)”）</translation>
    </message>
    <message numerus="yes">
        <source>Select the neurons to connect the %Ln marked neuron(s) to</source>
        <translation>
            <numerusform>请选择要与这 %Ln 个已标记神经元相连的神经元</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot fully connect {sizes}: {problem}</source>
        <translation>无法全连接 {sizes}：{problem}</translation>
    </message>
    <message>
        <source>{names} is an input: inputs take data, not connections</source>
        <translation>{names} 是输入神经元：输入接收数据，不接收连接</translation>
    </message>
    <message>
        <source>{names} are inputs: inputs take data, not connections</source>
        <translation>{names} 是输入神经元：输入接收数据，不接收连接</translation>
    </message>
    <message>
        <source>{b} already feeds {a}, so {a} → {b} would make a cycle</source>
        <translation>{b} 已经连到 {a}，所以 {a} → {b} 会形成环</translation>
    </message>
    <message>
        <source>Select exactly two columns of neurons to insert a layer between</source>
        <translation>请恰好选择两列神经元，以便在它们之间插入一层</translation>
    </message>
    <message>
        <source>Insert layer of {count}</source>
        <translation>插入 {count} 个神经元的层</translation>
    </message>
    <message>
        <source>Inserted a layer of {count} between {left} and {right} neurons ({connections})</source>
        <translation>已在 {left} 个与 {right} 个神经元之间插入一层 {count} 个神经元（{connections}）</translation>
    </message>
    <message>
        <source>Already laid out</source>
        <translation>已经排列好了</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>自动排列</translation>
    </message>
    <message>
        <source>Laid out left to right by depth</source>
        <translation>已按深度从左到右排列</translation>
    </message>
    <message>
        <source>Set {fields} of {what}</source>
        <translation>设置 {what} 的{fields}</translation>
    </message>
    <message>
        <source>Set {setting}</source>
        <translation>设置{setting}</translation>
    </message>
    <message>
        <source>Train on {dataset}</source>
        <translation>在 {dataset} 上训练</translation>
    </message>
    <message>
        <source>input</source>
        <extracomment>a neuron&apos;s role as the GUI names it (translate with the &quot;EditController&quot; context)</extracomment>
        <translation>输入</translation>
    </message>
    <message>
        <source>hidden</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
</context>
<context>
    <name>Examples</name>
    <message>
        <source>XOR — the tutorial&apos;s 2-2-1 sigmoid network</source>
        <extracomment>the examples&apos; titles (resources/examples), shown in File ▸ Examples</extracomment>
        <translation>XOR — 教程中的 2-2-1 sigmoid 网络</translation>
    </message>
    <message>
        <source>Handwritten digits — 64-32-10, softmax output</source>
        <translation>手写数字 — 64-32-10，softmax 输出</translation>
    </message>
    <message>
        <source>Fashion-MNIST — 784-64-10 ReLU, softmax output</source>
        <translation>Fashion-MNIST — 784-64-10 ReLU，softmax 输出</translation>
    </message>
    <message>
        <source>Iris — 4-8-3, z-scored measurements</source>
        <translation>鸢尾花 — 4-8-3，z-score 标准化的测量值</translation>
    </message>
    <message>
        <source>Skip connections — two moons with a 2-6-6-1 network and shortcuts</source>
        <translation>跳跃连接 — 用带捷径的 2-6-6-1 网络分类双月数据</translation>
    </message>
    <message>
        <source>Two spirals — a hard 2-D problem for a 2-16-16-1 tanh network</source>
        <translation>双螺旋 — 给 2-16-16-1 tanh 网络的一个二维难题</translation>
    </message>
    <message>
        <source>Echo — repeat the bit from two steps ago</source>
        <translation>回声 — 重复两步之前的那个比特</translation>
    </message>
    <message>
        <source>Parity — an Elman network computes the running XOR of a bit stream</source>
        <translation>奇偶校验 — 用 Elman 网络计算比特流的累计异或</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>the C file&apos;s name must be letters, digits, &apos;_&apos;, &apos;-&apos;, &apos;+&apos; or &apos;.&apos; (it is #included by name); {stem!r} is not</source>
        <translation>C 文件名只能由字母、数字、&apos;_&apos;、&apos;-&apos;、&apos;+&apos; 或 &apos;.&apos; 组成（它会按名字被 #include）；{stem!r} 不符合</translation>
    </message>
    <message>
        <source>the training data is needed for the train script</source>
        <translation>训练脚本需要训练数据</translation>
    </message>
    <message>
        <source>unknown export format {format_key!r}; use one of {formats_by_key}</source>
        <extracomment>A writer turns the source into files: {file name: content}, the first one named after the chosen path&apos;s stem (the others are written beside it). Every format, in menu order.</extracomment>
        <translation>未知的导出格式 {format_key!r}；请使用 {formats_by_key} 之一</translation>
    </message>
    <message>
        <source>{path}: the {name} export writes {suffixes} files; name it {stem}{suffix}</source>
        <translation>{path}：{name} 导出会写出 {suffixes} 文件；请命名为 {stem}{suffix}</translation>
    </message>
    <message>
        <source>cannot export to &quot;{suffix}&quot; files</source>
        <translation>无法导出为 &quot;{suffix}&quot; 文件</translation>
    </message>
    <message>
        <source>the name has no suffix to choose the format by</source>
        <translation>文件名没有扩展名，无法据此选择格式</translation>
    </message>
    <message>
        <source>{path}: {problem}; use one of {supported}</source>
        <translation>{path}：{problem}；请使用 {supported} 之一</translation>
    </message>
    <message>
        <source>cannot export: {error}</source>
        <translation>无法导出：{error}</translation>
    </message>
    <message>
        <source>cannot export {name}: the network has recurrent connections, which only these exports carry: {carriers}</source>
        <translation>无法导出 {name}：网络含有循环连接，只有这些导出格式能保存它们：{carriers}</translation>
    </message>
    <message>
        <source>cannot export: the stored input scaling is for {n_inputs} inputs but the network has {network_inputs}; train it again to refit the scaling</source>
        <translation>无法导出：保存的输入缩放对应 {n_inputs} 个输入，但网络有 {network_inputs} 个；请重新训练以重新拟合缩放</translation>
    </message>
    <message>
        <source>the {name} export writes the training data too, and none was given</source>
        <translation>{name} 导出还要写出训练数据，但没有提供训练数据</translation>
    </message>
    <message>
        <source>cannot export {name}: the {package} package is missing or broken ({error})</source>
        <translation>无法导出 {name}：缺少 {package} 软件包或它已损坏（{error}）</translation>
    </message>
    <message>
        <source>cannot export {name}: {error}</source>
        <translation>无法导出 {name}：{error}</translation>
    </message>
    <message>
        <source>cannot export: the label of neuron {id} is not valid Unicode text</source>
        <translation>无法导出：神经元 {id} 的标签不是有效的 Unicode 文本</translation>
    </message>
    <message>
        <source>cannot export {suffix}: the weight of {source} → {target} ({weight:g}) is too large for float32</source>
        <translation>无法导出 {suffix}：{source} → {target} 的权重（{weight:g}）超出了 float32 的范围</translation>
    </message>
    <message>
        <source>cannot export {suffix}: the bias of {name} ({bias:g}) is too large for float32</source>
        <translation>无法导出 {suffix}：{name} 的偏置（{bias:g}）超出了 float32 的范围</translation>
    </message>
    <message>
        <source>cannot write {filename}: {reason}</source>
        <translation>无法写入 {filename}：{reason}</translation>
    </message>
    <message>
        <source>cannot export {name}: it writes the training data too, and {error}</source>
        <translation>无法导出 {name}：它还要写出训练数据，而{error}</translation>
    </message>
</context>
<context>
    <name>ExportAnimation</name>
    <message>
        <source>Export Animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>The run&apos;s timeline, from the first epoch to the last: the canvas, the loss curve and the data view.</source>
        <translation>这次训练从第一轮到最后一轮的时间线：画布、损失曲线和数据视图。</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>There is no timeline to animate yet: train the network first (the animation shows how this run learned).</source>
        <translation>还没有可以做成动画的时间线：请先训练网络（动画展示这次训练是如何学习的）。</translation>
    </message>
    <message>
        <source>Rendering the animation…</source>
        <translation>正在渲染动画…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Animation export cancelled: no file was written</source>
        <translation>已取消导出动画：没有写入文件</translation>
    </message>
    <message>
        <source>Cannot export the animation</source>
        <translation>无法导出动画</translation>
    </message>
    <message>
        <source>Wrote %s (%s frames, %s KB)</source>
        <translation>已写入 %s（%s 帧，%s KB）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export Trained Network</source>
        <translation>导出训练好的网络</translation>
    </message>
    <message>
        <source>Every format takes raw inputs (the document&apos;s input scaling is built in) and gives the outputs BP Studio computes.</source>
        <translation>每种格式都接受原始输入（已内置文档的输入缩放），并给出与 BP Studio 相同的输出。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export as {name}</source>
        <translation>导出为 {name}</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>替换这个文件吗？</translation>
    </message>
    <message>
        <source>{name} exists already. Replace it (and the files written with it)?</source>
        <translation>{name} 已经存在。要替换它（以及与它一起写入的文件）吗？</translation>
    </message>
</context>
<context>
    <name>ExportFormats</name>
    <message>
        <source>NumPy arrays</source>
        <extracomment>the export formats&apos; names and one-line descriptions (bpstudio/formats/exports.py)</extracomment>
        <translation>NumPy 数组</translation>
    </message>
    <message>
        <source>one weight matrix per level, index maps, and a README to run it</source>
        <translation>每层一个权重矩阵、索引映射，以及一份说明如何运行的 README</translation>
    </message>
    <message>
        <source>readable JSON</source>
        <translation>可读的 JSON</translation>
    </message>
    <message>
        <source>every neuron and connection with its number, for any language</source>
        <translation>每个神经元和每条连接及其数值，任何编程语言都能读取</translation>
    </message>
    <message>
        <source>ONNX model</source>
        <translation>ONNX 模型</translation>
    </message>
    <message>
        <source>run it anywhere: onnxruntime, Netron, phones, browsers (float32)</source>
        <translation>在任何地方运行：onnxruntime、Netron、手机、浏览器（float32）</translation>
    </message>
    <message>
        <source>Python script</source>
        <translation>Python 脚本</translation>
    </message>
    <message>
        <source>one file, NumPy only, weights inside; predicts a CSV like bpstudio predict</source>
        <translation>单个文件，只依赖 NumPy，权重内置；像 bpstudio predict 一样对 CSV 做预测</translation>
    </message>
    <message>
        <source>PyTorch module</source>
        <translation>PyTorch 模块</translation>
    </message>
    <message>
        <source>keep training, on GPUs: an nn.Module, its weights (.pt), the data and a train script for torchrun</source>
        <translation>在 GPU 上继续训练：一个 nn.Module、它的权重 (.pt)、数据以及供 torchrun 使用的训练脚本</translation>
    </message>
    <message>
        <source>C source</source>
        <translation>C 源代码</translation>
    </message>
    <message>
        <source>no dependencies, microcontrollers: a predict function in float32 (.c + .h)</source>
        <translation>没有依赖，适用于微控制器：一个 float32 的预测函数（.c + .h）</translation>
    </message>
</context>
<context>
    <name>FieldEditor</name>
    <message>
        <source>at most {0:g}</source>
        <extracomment>a typed number outside the range, which Qt then reverts (the editor says why) why a typed value was not applied (&quot;Learning rate η is at most 1000; …&quot;)</extracomment>
        <translation>最多为 {0:g}</translation>
    </message>
    <message>
        <source>at least {0:g}</source>
        <translation>最少为 {0:g}</translation>
    </message>
    <message>
        <source>{0} is {1}; {2:g} was not applied</source>
        <translation>{0} {1}；未应用 {2:g}</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Networks to import ({patterns})</source>
        <translation>可导入的网络 ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <extracomment>a short report for the status bar the document was written to its file (its recovery copy can go)</extracomment>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to {name} first?</source>
        <translation>要先保存对 {name} 的更改吗？</translation>
    </message>
    <message>
        <source>New network: drag neurons from the palette onto the canvas</source>
        <translation>新网络：从组件面板把神经元拖到画布上</translation>
    </message>
    <message>
        <source>Loading the dataset</source>
        <translation>正在加载数据集</translation>
    </message>
    <message>
        <source>New network cancelled: the current one stays open</source>
        <translation>已取消新建网络：当前网络保持打开</translation>
    </message>
    <message>
        <source>Cannot make the network</source>
        <translation>无法创建网络</translation>
    </message>
    <message>
        <source>New {title}: press Train (Space) to start</source>
        <translation>新建 {title}：点击“训练”（空格键）开始</translation>
    </message>
    <message>
        <source>Open network</source>
        <translation>打开网络</translation>
    </message>
    <message>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>Opening {name} was cancelled; nothing changed</source>
        <translation>已取消打开 {name}；没有任何改动</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>已打开 {name}</translation>
    </message>
    <message>
        <source>Import a network</source>
        <translation>导入网络</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <source>Imported {name}: {neurons:,} neurons, {connections:,} connections; Save As keeps it as a .bpnet</source>
        <translation>已导入 {name}：{neurons:,} 个神经元，{connections:,} 条连接；用“另存为”把它保存为 .bpnet</translation>
    </message>
    <message>
        <source>Cannot open the example</source>
        <translation>无法打开示例</translation>
    </message>
    <message>
        <source>Opened the {name}; Save As keeps your own copy</source>
        <translation>已打开 {name}；用“另存为”保存你自己的副本</translation>
    </message>
    <message>
        <source>Nothing to revert: no unsaved changes</source>
        <translation>无需还原：没有未保存的更改</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Discard all unsaved changes to {name}?</source>
        <translation>放弃对 {name} 的全部未保存更改吗？</translation>
    </message>
    <message>
        <source>Cannot revert</source>
        <translation>无法还原</translation>
    </message>
    <message>
        <source>Reverted {name}</source>
        <translation>已还原 {name}</translation>
    </message>
    <message>
        <source>Save network as</source>
        <translation>网络另存为</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
    <message>
        <source>Exported {format}: {files}</source>
        <translation>已导出 {format}：{files}</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>{path} no longer exists; it was removed from the recent files.</source>
        <translation>{path} 已不存在；已将它从最近文件中移除。</translation>
    </message>
    <message>
        <source>BP Studio networks (*.bpnet);;All files (*)</source>
        <translation>BP Studio 网络 (*.bpnet);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FileLoader</name>
    <message>
        <source>{path}: cannot open the file: {error}</source>
        <extracomment>the dialog appears only when loading takes longer than this</extracomment>
        <translation>{path}：无法打开该文件：{error}</translation>
    </message>
    <message>
        <source>Opening {0}…</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Opening</source>
        <translation>正在打开</translation>
    </message>
    <message>
        <source>Opening {0}
{1}: {2:,} of {3:,}</source>
        <translation>正在打开 {0}
{1}：{2:,} / {3:,}</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>a file</source>
        <translation>一个文件</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>一个文件夹</translation>
    </message>
    <message>
        <source>a named pipe (FIFO)</source>
        <translation>一个命名管道（FIFO）</translation>
    </message>
    <message>
        <source>a character device (like /dev/zero), which never ends</source>
        <translation>一个字符设备（如 /dev/zero），它永远读不完</translation>
    </message>
    <message>
        <source>a block device (a disk)</source>
        <translation>一个块设备（磁盘）</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>一个套接字</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>loading was cancelled</source>
        <translation>加载已取消</translation>
    </message>
</context>
<context>
    <name>Gestures</name>
    <message>
        <source>Release to connect {names}</source>
        <extracomment>targets an ordinary edge cannot reach but a recurrent one can (closing a loop)</extracomment>
        <translation>松开鼠标即可连接 {names}</translation>
    </message>
    <message>
        <source>No connection made: release over a neuron</source>
        <translation>未建立连接：请在神经元上松开鼠标</translation>
    </message>
    <message>
        <source>Connection cancelled</source>
        <translation>已取消连接</translation>
    </message>
</context>
<context>
    <name>GradientCheckPanel</name>
    <message>
        <source>tolerance</source>
        <translation>容差</translation>
    </message>
    <message>
        <source>Check every gradient</source>
        <translation>检验全部梯度</translation>
    </message>
    <message>
        <source>Backprop and central differences for every weight and bias, in float64</source>
        <translation>对每个权重和偏置分别用反向传播和中心差分计算（float64）</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Press “Check every gradient” to compare backprop with nudging each parameter.</source>
        <translation>点击“检验全部梯度”，逐个参数比较反向传播与数值微扰的结果。</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#b91c1c&apos;&gt;{bad} of {all} parameters disagree&lt;/b&gt; beyond {tolerance} on {samples} (worst relative error {worst}): their backprop gradient is wrong.</source>
        <translation>在 {samples} 上，&lt;b style=&apos;color:#b91c1c&apos;&gt;{all} 个参数中有 {bad} 个不一致&lt;/b&gt;，超出 {tolerance}（最大相对误差 {worst}）：它们的反向传播梯度是错的。</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;color:#047857&apos;&gt;All {all} parameters agree&lt;/b&gt; on {samples}: worst relative error {worst}, below {tolerance}.</source>
        <translation>在 {samples} 上，&lt;b style=&apos;color:#047857&apos;&gt;全部 {all} 个参数都一致&lt;/b&gt;：最大相对误差 {worst}，低于 {tolerance}。</translation>
    </message>
    <message>
        <source>The network or the samples changed: check again.</source>
        <translation>网络或样本已改变：请重新检验。</translation>
    </message>
    <message>
        <source>Export the gradient check</source>
        <translation>导出梯度检验结果</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write {path}: {problem}</source>
        <translation>无法写入 {path}：{problem}</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n row(s) to {name}</source>
        <translation>
            <numerusform>已把 %n 行写入 {name}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImageOptionsDialog</name>
    <message>
        <source>Image options</source>
        <translation>图像选项</translation>
    </message>
    <message>
        <source>How the images of &lt;b&gt;{name}&lt;/b&gt; become inputs: one input per pixel (three with RGB), values in [0, 1].</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; 的图像如何变成输入：每个像素一个输入（RGB 为三个），取值 [0, 1]。</translation>
    </message>
    <message>
        <source>Automatic (the most common size, at most 28×28)</source>
        <translation>自动（最常见的尺寸，最大 28×28）</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>Grayscale (one input per pixel)</source>
        <translation>灰度（每个像素一个输入）</translation>
    </message>
    <message>
        <source>RGB (three inputs per pixel)</source>
        <translation>RGB（每个像素三个输入）</translation>
    </message>
    <message>
        <source>IDX files hold grayscale images</source>
        <translation>IDX 文件保存的是灰度图像</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Invert (dark strokes on light paper)</source>
        <translation>反色（浅色纸上的深色笔画）</translation>
    </message>
    <message>
        <source>Fitted on the training split; images are in [0, 1] already, so none is the usual choice</source>
        <translation>在训练集上拟合；图像已经在 [0, 1] 内，所以通常选“无”</translation>
    </message>
    <message>
        <source>Scale inputs</source>
        <translation>输入缩放</translation>
    </message>
    <message>
        <source>Test ratio</source>
        <translation>测试比例</translation>
    </message>
</context>
<context>
    <name>Import</name>
    <message>
        <source>the model has more than {max_neurons:,} neurons; BP Studio draws at most {max_neurons:,}</source>
        <extracomment>edges that read the previous time step (BP Studio&apos;s own exports of recurrent networks)</extracomment>
        <translation>模型有超过 {max_neurons:,} 个神经元；BP Studio 最多只能画出 {max_neurons:,} 个</translation>
    </message>
    <message>
        <source>the model has more than {max_connections:,} connections; BP Studio draws at most {max_connections:,}</source>
        <translation>模型有超过 {max_connections:,} 个连接；BP Studio 最多只能画出 {max_connections:,} 个</translation>
    </message>
    <message>
        <source>BP Studio cannot train this network: {problems}</source>
        <translation>BP Studio 无法训练这个网络：{problems}</translation>
    </message>
    <message>
        <source>{name} is {size:.0f} MB; the limit is {max_file_bytes} MB</source>
        <translation>{name} 有 {size:.0f} MB；上限是 {max_file_bytes} MB</translation>
    </message>
    <message>
        <source>{name} is not a readable ONNX model: it is truncated or not ONNX ({detail})</source>
        <translation>{name} 不是可读取的 ONNX 模型：文件不完整或不是 ONNX（{detail}）</translation>
    </message>
    <message>
        <source>{name} is not an ONNX model: it holds no graph</source>
        <translation>{name} 不是 ONNX 模型：其中没有计算图</translation>
    </message>
    <message>
        <source>{name} is not a valid ONNX model: {error}</source>
        <translation>{name} 不是有效的 ONNX 模型：{error}</translation>
    </message>
    <message>
        <source> and {count} more</source>
        <translation>，另有 {count} 个</translation>
    </message>
    <message>
        <source>{op} (nodes {names}{more})</source>
        <translation>{op}（节点 {names}{more}）</translation>
    </message>
    <message>
        <source>{op} (node {names}{more})</source>
        <translation>{op}（节点 {names}{more}）</translation>
    </message>
    <message>
        <source>the model uses operators BP Studio cannot draw as neurons: {parts}. It imports dense networks made of Gemm, MatMul + Add, Relu, Sigmoid, Tanh, LeakyRelu, Softmax, Softplus, Sin, Identity, Flatten, Concat, Gather, Slice and Split</source>
        <translation>模型用到了 BP Studio 无法画成神经元的算子：{parts}。BP Studio 能导入由 Gemm、MatMul + Add、Relu、Sigmoid、Tanh、LeakyRelu、Softmax、Softplus、Sin、Identity、Flatten、Concat、Gather、Slice 和 Split 组成的全连接网络</translation>
    </message>
    <message>
        <source>the model has {count} inputs; BP Studio imports models with one input of shape [batch, n]</source>
        <translation>模型有 {count} 个输入；BP Studio 只能导入只有一个形状为 [batch, n] 的输入的模型</translation>
    </message>
    <message>
        <source>the model&apos;s input &apos;{name}&apos; must be a float tensor [batch, n] with a fixed n</source>
        <translation>模型的输入 &apos;{name}&apos; 必须是 n 固定的浮点张量 [batch, n]</translation>
    </message>
    <message>
        <source>the model has {count} outputs; BP Studio imports models with one output of shape [batch, n]</source>
        <translation>模型有 {count} 个输出；BP Studio 只能导入只有一个形状为 [batch, n] 的输出的模型</translation>
    </message>
    <message>
        <source>the model&apos;s output is not a [batch, n] tensor computed from its input</source>
        <translation>模型的输出不是由输入计算得到的 [batch, n] 张量</translation>
    </message>
    <message>
        <source>node {node_name} ({op}) reads &apos;{unknown}&apos;, which nothing before it computes</source>
        <translation>节点 {node_name}（{op}）读取 &apos;{unknown}&apos;，但它之前没有任何节点计算出它</translation>
    </message>
    <message>
        <source>node {node_name} ({op}) has no input</source>
        <translation>节点 {node_name}（{op}）没有输入</translation>
    </message>
    <message>
        <source>node {node_name} is a LeakyRelu with slope {alpha:g}; BP Studio&apos;s leaky ReLU has slope 0.01</source>
        <translation>节点 {node_name} 是斜率为 {alpha:g} 的 LeakyRelu；BP Studio 的 leaky ReLU 斜率为 0.01</translation>
    </message>
    <message>
        <source>node {node_name} is a Softmax over axis {axis}; BP Studio&apos;s softmax is over the outputs (axis 1)</source>
        <translation>节点 {node_name} 是沿第 {axis} 轴的 Softmax；BP Studio 的 softmax 沿各输出计算（第 1 轴）</translation>
    </message>
    <message>
        <source>node {node_name} ({op_type}) multiplies {count} columns by a weight of shape {shape}</source>
        <translation>节点 {node_name}（{op_type}）把 {count} 列与形状为 {shape} 的权重相乘</translation>
    </message>
    <message>
        <source>node {node_name} ({op_type}) combines {n} columns with a constant of shape {shape}</source>
        <translation>节点 {node_name}（{op_type}）把 {n} 列与形状为 {shape} 的常量组合</translation>
    </message>
    <message>
        <source>node {node_name} (Gemm) transposes the data (transA)</source>
        <translation>节点 {node_name}（Gemm）转置了数据（transA）</translation>
    </message>
    <message>
        <source>node {node_name} ({op}) combines {count} columns with {other}</source>
        <translation>节点 {node_name}（{op}）把 {count} 列与 {other} 列组合</translation>
    </message>
    <message>
        <source>node {node_name} (Div) divides by 0</source>
        <translation>节点 {node_name}（Div）除以 0</translation>
    </message>
    <message>
        <source>{where}: the input scaling must be numbers</source>
        <translation>{where}：输入缩放必须是数字</translation>
    </message>
    <message>
        <source>{where}: the input scaling needs {n} finite offsets and non-zero scales, one per input</source>
        <translation>{where}：输入缩放需要 {n} 个有限的偏移量和非零的缩放系数，每个输入一个</translation>
    </message>
    <message>
        <source>{where} has no {key!r}</source>
        <translation>{where} 缺少 {key!r}</translation>
    </message>
    <message>
        <source>{where}: {key!r} has the wrong type ({value!r})</source>
        <translation>{where}：{key!r} 的类型不对（{value!r}）</translation>
    </message>
    <message>
        <source>{where}: {key!r} is not a finite number</source>
        <translation>{where}：{key!r} 不是有限的数</translation>
    </message>
    <message>
        <source>{name} is not UTF-8 text</source>
        <translation>{name} 不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>{name} is not valid JSON (line {lineno}: {msg})</source>
        <translation>{name} 不是有效的 JSON（第 {lineno} 行：{msg}）</translation>
    </message>
    <message>
        <source>{name} is not a BP Studio weights export{hint}: its &quot;format&quot; is not &quot;{json_format}&quot;</source>
        <translation>{name} 不是 BP Studio 导出的权重文件{hint}：它的 &quot;format&quot; 不是 &quot;{json_format}&quot;</translation>
    </message>
    <message>
        <source>{name} is version {version} of the weights format; this BP Studio reads up to version {json_version}</source>
        <translation>{name} 是权重格式的第 {version} 版；当前的 BP Studio 最多只能读取第 {json_version} 版</translation>
    </message>
    <message>
        <source>{name} is version {version} of the weights format; this BP Studio reads up to version {npz_version}</source>
        <translation>{name} 是权重格式的第 {version} 版；当前的 BP Studio 最多只能读取第 {npz_version} 版</translation>
    </message>
    <message>
        <source>{where}: id {nid}, role {role!r} or activation {activation!r} is not valid (or the id is repeated)</source>
        <translation>{where}：编号 {nid}、角色 {role!r} 或激活函数 {activation!r} 无效（或编号重复）</translation>
    </message>
    <message>
        <source>{where}: the {end} {nid} is not a listed neuron</source>
        <translation>{where}：{end} {nid} 不在神经元列表中</translation>
    </message>
    <message>
        <source>{where}: connection {cid} is listed twice</source>
        <translation>{where}：连接 {cid} 出现了两次</translation>
    </message>
    <message>
        <source>{name}: {end!r} does not list the {role} neurons</source>
        <translation>{name}：{end!r} 没有列出 {role} 神经元</translation>
    </message>
    <message>
        <source>{name} is not a readable .npz file ({error})</source>
        <translation>{name} 不是可读取的 .npz 文件（{error}）</translation>
    </message>
    <message>
        <source>{name} is not a BP Studio weights export: its &quot;format&quot; array is not &quot;{npz_format}&quot;</source>
        <translation>{name} 不是 BP Studio 导出的权重文件：它的 &quot;format&quot; 数组不是 &quot;{npz_format}&quot;</translation>
    </message>
    <message>
        <source>{name} is damaged: {error}</source>
        <translation>{name} 已损坏：{error}</translation>
    </message>
    <message>
        <source>the neuron index arrays do not match</source>
        <translation>神经元索引数组不匹配</translation>
    </message>
    <message>
        <source>level {k}&apos;s arrays do not fit together</source>
        <translation>第 {k} 层的数组彼此不匹配</translation>
    </message>
    <message>
        <source>level {k}&apos;s recurrent arrays do not fit together</source>
        <translation>第 {k} 层的循环连接数组彼此不匹配</translation>
    </message>
    <message>
        <source>cannot read ONNX: the {package} package is missing or broken ({error})</source>
        <translation>无法读取 ONNX：缺少 {package} 软件包或它已损坏（{error}）</translation>
    </message>
    <message>
        <source>cannot import &quot;{suffix}&quot; files</source>
        <translation>无法导入 &quot;{suffix}&quot; 文件</translation>
    </message>
    <message>
        <source>the name has no suffix to choose the format by</source>
        <translation>文件名没有扩展名，无法据此选择格式</translation>
    </message>
    <message>
        <source>{path}: {problem}; use one of {supported}</source>
        <translation>{path}：{problem}；请使用 {supported} 之一</translation>
    </message>
    <message>
        <source>{path}: file not found</source>
        <translation>{path}：找不到文件</translation>
    </message>
    <message>
        <source>{path}: is {what}, not a file</source>
        <translation>{path}：是{what}，不是文件</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>node {node_name} (Flatten) flattens from axis {axis}; BP Studio keeps the batch axis</source>
        <translation>节点 {node_name}（Flatten）从第 {axis} 轴开始展平；BP Studio 要保留批次轴</translation>
    </message>
    <message>
        <source>node {node_name} (Reshape) reshapes the data to {shape}; BP Studio keeps it as [batch, {n}]</source>
        <translation>节点 {node_name}（Reshape）把数据变形为 {shape}；BP Studio 要保持 [batch, {n}]</translation>
    </message>
    <message>
        <source>node {node_name} (Gather) picks samples, not columns</source>
        <translation>节点 {node_name}（Gather）选取的是样本而不是列</translation>
    </message>
    <message>
        <source>node {node_name} (Gather) picks a column that does not exist</source>
        <translation>节点 {node_name}（Gather）选取了不存在的列</translation>
    </message>
    <message>
        <source>node {node_name} (Slice) picks samples, not columns</source>
        <translation>节点 {node_name}（Slice）选取的是样本而不是列</translation>
    </message>
    <message>
        <source>node {node_name} (Concat) joins along axis {axis}; BP Studio joins columns (axis 1)</source>
        <translation>节点 {node_name}（Concat）沿第 {axis} 轴拼接；BP Studio 只拼接列（第 1 轴）</translation>
    </message>
    <message>
        <source>node {node_name} (Split) splits the samples</source>
        <translation>节点 {node_name}（Split）拆分的是样本</translation>
    </message>
    <message>
        <source>node {node_name} (Split) sizes {sizes} do not add up to {count} columns</source>
        <translation>节点 {node_name}（Split）的各段大小 {sizes} 加起来不等于 {count} 列</translation>
    </message>
    <message>
        <source>node {node_name} (Shape) reads more than the batch size</source>
        <translation>节点 {node_name}（Shape）读取的不只是批次大小</translation>
    </message>
    <message>
        <source>node {node_name} (Expand) must repeat a constant for every sample ([batch, n])</source>
        <translation>节点 {node_name}（Expand）必须为每个样本重复一个常量（[batch, n]）</translation>
    </message>
    <message>
        <source>node {node_name} (Constant) holds no number</source>
        <translation>节点 {node_name}（Constant）中没有数值</translation>
    </message>
    <message>
        <source>node {node_name} (Cast) turns the data into integers</source>
        <translation>节点 {node_name}（Cast）把数据转换成了整数</translation>
    </message>
    <message>
        <source>node {node_name} ({op_type}) works on a tensor of shape [batch, {dims}]; BP Studio draws dense layers on flat [batch, n] data</source>
        <translation>节点 {node_name}（{op_type}）作用于形状为 [batch, {dims}] 的张量；BP Studio 只能画出作用于扁平 [batch, n] 数据的全连接层</translation>
    </message>
    <message>
        <source>node {node_name} ({op_type}) expects data computed from the input, not a constant</source>
        <translation>节点 {node_name}（{op_type}）需要由输入计算得到的数据，而不是常量</translation>
    </message>
    <message>
        <source>node {node_name} ({op_type}): the {what} must be a constant (an initializer)</source>
        <translation>节点 {node_name}（{op_type}）：{what} 必须是常量（initializer）</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>BP Studio speaks {language} from its next start. Restart now?</source>
        <translation>BP Studio 下次启动时将使用{language}。现在重新启动吗？</translation>
    </message>
    <message>
        <source>Restart Now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
</context>
<context>
    <name>LensPanel</name>
    <message>
        <source>sample {index}</source>
        <translation>样本 {index}</translation>
    </message>
    <message>
        <source>a minibatch of {batch}</source>
        <translation>{batch} 个样本的小批量</translation>
    </message>
    <message>
        <source>loss L</source>
        <translation>损失 L</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>tangent (backprop)</source>
        <translation>切线（反向传播）</translation>
    </message>
    <message>
        <source>secant (nudging ±ε)</source>
        <translation>割线（数值微扰 ±ε）</translation>
    </message>
    <message>
        <source>value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Move the parameter: the loss point follows the curve</source>
        <translation>移动参数：损失点会沿着曲线移动</translation>
    </message>
    <message>
        <source>The nudge size: a large ε shows the secant drift off</source>
        <translation>微扰的大小：ε 越大，割线偏离得越明显</translation>
    </message>
    <message>
        <source>Learning rate of &quot;step downhill&quot; (from the training settings)</source>
        <translation>“下坡一步”使用的学习率（取自训练设置）</translation>
    </message>
    <message>
        <source>Step downhill</source>
        <translation>下坡一步</translation>
    </message>
    <message>
        <source>w ← w − η·∂L/∂w: one step down the curve</source>
        <translation>w ← w − η·∂L/∂w：沿曲线向下走一步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Keep this value</source>
        <translation>保留此值</translation>
    </message>
    <message>
        <source>Write the trial value into the network (undoable)</source>
        <translation>把试验值写入网络（可撤销）</translation>
    </message>
    <message>
        <source>Nudge lens</source>
        <translation>微扰透镜</translation>
    </message>
    <message>
        <source>Select a connection (or a neuron, for its bias) to see the loss as that one parameter moves.</source>
        <translation>选择一条连接（或选择一个神经元以查看其偏置），观察只移动这一个参数时损失如何变化。</translation>
    </message>
    <message>
        <source>Nudge lens: the loss on {samples} as {name} moves, everything else fixed</source>
        <translation>微扰透镜：{samples} 上的损失随 {name} 的变化，其余一切固定</translation>
    </message>
    <message>
        <source>agree (below {tolerance})</source>
        <translation>一致（低于 {tolerance}）</translation>
    </message>
    <message>
        <source>differ: above {tolerance}</source>
        <translation>不一致：高于 {tolerance}</translation>
    </message>
    <message>
        <source>(network: {value})</source>
        <translation>（网络中：{value}）</translation>
    </message>
    <message>
        <source>(the tangent&apos;s slope)</source>
        <translation>（切线的斜率）</translation>
    </message>
    <message>
        <source>backprop</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>relative error {error}: {verdict}</source>
        <translation>相对误差 {error}：{verdict}</translation>
    </message>
    <message>
        <source>Lens: set {name}</source>
        <translation>透镜：设置 {name}</translation>
    </message>
</context>
<context>
    <name>LoadDialog</name>
    <message>
        <source>Loading dataset</source>
        <translation>正在加载数据集</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>{stage} of {name}: {done:,} of {total:,}</source>
        <translation>{name} 的{stage}：{done:,} / {total:,}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{stage}: {done:,} of {total:,}</source>
        <translation>{stage}：{done:,} / {total:,}</translation>
    </message>
</context>
<context>
    <name>LoadThread</name>
    <message>
        <source>cannot load {name}: {error}</source>
        <extracomment>a LoadProgress, emitted on this thread (queued to the GUI)</extracomment>
        <translation>无法加载 {name}：{error}</translation>
    </message>
</context>
<context>
    <name>LookingBack</name>
    <message>
        <source>training paused</source>
        <translation>训练已暂停</translation>
    </message>
    <message>
        <source>training finished</source>
        <translation>训练已完成</translation>
    </message>
    <message>
        <source>training stopping</source>
        <translation>训练正在停止</translation>
    </message>
    <message>
        <source>not training</source>
        <translation>未在训练</translation>
    </message>
    <message>
        <source>Viewing epoch {epoch} of {last} ({state})</source>
        <translation>正在查看第 {epoch} 轮，共 {last} 轮（{state}）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Welcome to BP Studio! Drag neurons from the palette onto the canvas; drag from a neuron&apos;s right knob to another to connect them. F fits the view.</source>
        <translation>欢迎使用 BP Studio！把神经元从组件面板拖到画布上；从神经元右侧的圆点拖到另一个神经元即可连接。按 F 使视图适应窗口。</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>Palette</source>
        <translation>组件面板</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Training Plots</source>
        <translation>训练曲线</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start an empty network</source>
        <translation>新建一个空网络</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a .bpnet file</source>
        <translation>打开 .bpnet 文件</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the network</source>
        <translation>保存网络</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>还原(&amp;R)</translation>
    </message>
    <message>
        <source>Discard unsaved changes</source>
        <translation>放弃未保存的更改</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>Export the trained network: NumPy, JSON, ONNX, Python, PyTorch or C</source>
        <translation>导出训练好的网络：NumPy、JSON、ONNX、Python、PyTorch 或 C</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Open an ONNX model or a BP Studio .npz/.json export as a new network</source>
        <translation>把 ONNX 模型或 BP Studio 导出的 .npz/.json 文件作为新网络打开</translation>
    </message>
    <message>
        <source>Export &amp;Animation…</source>
        <translation>导出动画(&amp;A)…</translation>
    </message>
    <message>
        <source>Write the run&apos;s timeline as an animated GIF or PNG</source>
        <translation>把这次训练的时间线导出为 GIF 或 PNG 动画</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>New for &amp;Dataset…</source>
        <translation>按数据集新建(&amp;D)…</translation>
    </message>
    <message>
        <source>A new network whose inputs and outputs fit a dataset</source>
        <translation>新建一个输入和输出与数据集相符的网络</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>创建副本(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the selection</source>
        <translation>删除所选内容</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Fully Connect Selected Columns</source>
        <translation>全连接所选各列(&amp;F)</translation>
    </message>
    <message>
        <source>Connect every selected neuron to every one in the next selected column (left → right)</source>
        <translation>把每个选中的神经元连到下一选中列中的每个神经元（从左 → 右）</translation>
    </message>
    <message>
        <source>&amp;Mark Selection as Source (A)</source>
        <translation>将选区标记为来源 (A)(&amp;M)</translation>
    </message>
    <message>
        <source>Remember the selected neurons as A, to fully connect them to a later selection</source>
        <translation>把选中的神经元记为 A，以便之后全连接到另一个选区</translation>
    </message>
    <message>
        <source>Fully Connect Source (A) → Selectio&amp;n</source>
        <translation>全连接来源 (A) → 选区(&amp;N)</translation>
    </message>
    <message>
        <source>Connect every neuron marked as source (A) to every selected neuron</source>
        <translation>把每个标记为来源 (A) 的神经元连到每个选中的神经元</translation>
    </message>
    <message>
        <source>&amp;Insert Layer Between…</source>
        <translation>在两列之间插入一层(&amp;I)…</translation>
    </message>
    <message>
        <source>Put a new hidden layer between two selected columns</source>
        <translation>在两列选中的神经元之间放入新的隐藏层</translation>
    </message>
    <message>
        <source>&amp;Auto-Layout</source>
        <translation>自动排列(&amp;A)</translation>
    </message>
    <message>
        <source>Arrange left to right by depth</source>
        <translation>按深度从左到右排列</translation>
    </message>
    <message>
        <source>&amp;Fit to View</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole network</source>
        <translation>显示整个网络</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Snap to Grid</source>
        <translation>对齐网格(&amp;S)</translation>
    </message>
    <message>
        <source>Snap dragged neurons to the grid</source>
        <translation>拖动神经元时对齐到网格</translation>
    </message>
    <message>
        <source>&amp;Select Tool</source>
        <translation>选择工具(&amp;S)</translation>
    </message>
    <message>
        <source>Select and move (drag a knob to connect)</source>
        <translation>选择并移动（拖动圆点来连接）</translation>
    </message>
    <message>
        <source>&amp;Connect Tool</source>
        <translation>连接工具(&amp;C)</translation>
    </message>
    <message>
        <source>Drag from any neuron to connect it</source>
        <translation>从任意神经元开始拖动即可连接</translation>
    </message>
    <message>
        <source>&amp;About BP Studio</source>
        <translation>关于 BP Studio(&amp;A)</translation>
    </message>
    <message>
        <source>S&amp;weep…</source>
        <translation>参数扫描(&amp;W)…</translation>
    </message>
    <message>
        <source>Train the network over a small grid of settings, one run each, and compare the runs</source>
        <translation>在一小组设置网格上训练网络，每组设置训练一次，然后比较各次训练</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>示例(&amp;E)</translation>
    </message>
    <message>
        <source>Export &amp;As</source>
        <translation>导出为(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Network</source>
        <translation>网络(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message numerus="yes">
        <source>Problems (%n)</source>
        <translation>
            <numerusform>问题 (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Connect tool: drag from any neuron to another</source>
        <translation>连接工具：从任意神经元拖到另一个神经元</translation>
    </message>
    <message>
        <source>Select tool: click, shift-click or drag a rectangle</source>
        <translation>选择工具：单击、Shift+单击或拖出矩形框</translation>
    </message>
    <message>
        <source>Insert layer</source>
        <translation>插入层</translation>
    </message>
    <message>
        <source>Neurons in the new layer:</source>
        <translation>新层中的神经元个数：</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <source>Clear Recent Files</source>
        <translation>清除最近文件</translation>
    </message>
    <message>
        <source>No examples installed</source>
        <translation>未安装示例</translation>
    </message>
    <message>
        <source>About BP Studio</source>
        <translation>关于 BP Studio</translation>
    </message>
    <message>
        <source>Draw a neural network neuron by neuron and watch backpropagation train it.</source>
        <translation>一个一个神经元地画出神经网络，观看反向传播如何训练它。</translation>
    </message>
</context>
<context>
    <name>Network</name>
    <message>
        <source>both ends must be existing neurons</source>
        <extracomment>the input statistics the current weights were trained with (see model/scaling.py) the points drawn on the decision-boundary plane (the &quot;drawn&quot; dataset) the trainings remembered with the document, oldest first (see model/runs.py)</extracomment>
        <translation>两端都必须是已存在的神经元</translation>
    </message>
    <message>
        <source>{source} → {target} is a recurrent connection into an input neuron; inputs take data at every time step, so feed it back into a hidden or output neuron instead</source>
        <translation>{source} → {target} 是指向输入神经元的循环连接；输入在每个时间步都接收数据，请改为把它反馈到隐藏神经元或输出神经元</translation>
    </message>
    <message>
        <source>role must be one of {roles}; got {value!r}</source>
        <extracomment>Neuron positions lie within ±MAX_COORDINATE canvas units. Far enough for the tallest column ``bpstudio new`` builds (MAX_NEURONS × 56 units), near enough that adding a grid step still changes a coordinate (at 1e18 ``x += 20`` does not, and the canvas&apos;s grid looped forever). The most neurons a document may hold: each costs the editor about a kilobyte and a canvas item; a file with more is refused when it is opened and when it is saved. carries the source&apos;s activation from the previous time step (delay 1) instead of the current one; the only edges that may close a loop (docs/recurrent.md)</extracomment>
        <translation>角色必须是 {roles} 之一；实际为 {value!r}</translation>
    </message>
    <message>
        <source>unknown activation {value!r}; choose one of {activations}</source>
        <translation>未知的激活函数 {value!r}；请从 {activations} 中选择</translation>
    </message>
    <message>
        <source>{field} must be a number; got {value!r}</source>
        <translation>{field} 必须是数字；实际为 {value!r}</translation>
    </message>
    <message>
        <source>{field} must be a finite number; got {value!r}</source>
        <translation>{field} 必须是有限的数；实际为 {value!r}</translation>
    </message>
    <message>
        <source>{field} must be within ±{max_coordinate:,.0f}; got {value:g}</source>
        <translation>{field} 必须在 ±{max_coordinate:,.0f} 之内；实际为 {value:g}</translation>
    </message>
    <message>
        <source>{field} must be true or false; got {value!r}</source>
        <translation>{field} 必须是 true 或 false；实际为 {value!r}</translation>
    </message>
    <message>
        <source>label must be text; got {value!r}</source>
        <translation>标签必须是文本；实际为 {value!r}</translation>
    </message>
    <message>
        <source>{name} cannot connect to itself with an ordinary connection (that would be a cycle); a recurrent connection may</source>
        <translation>{name} 不能用普通连接连到自己（那会形成环）；循环连接可以</translation>
    </message>
    <message>
        <source>{name} is an input neuron: inputs take data, not connections</source>
        <translation>{name} 是输入神经元：输入接收数据，不接收连接</translation>
    </message>
    <message>
        <source>{source} → {target} is already connected</source>
        <translation>{source} → {target} 已经连接</translation>
    </message>
    <message>
        <source>{source} → {target} would make a cycle ({target} already feeds {source}); a recurrent connection may close a loop</source>
        <translation>{source} → {target} 会形成环（{target} 已经连到 {source}）；循环连接可以闭合回路</translation>
    </message>
    <message>
        <source>these connections would make a cycle; a recurrent connection may close a loop</source>
        <translation>这些连接会形成环；循环连接可以闭合回路</translation>
    </message>
    <message>
        <source>{name} has incoming connections, so it cannot become an input</source>
        <translation>{name} 有输入连接，所以不能变成输入神经元</translation>
    </message>
    <message>
        <source>{name} → {name} connects a neuron to itself, so it must stay recurrent</source>
        <translation>{name} → {name} 把神经元连到它自己，所以必须保持为循环连接</translation>
    </message>
    <message>
        <source>that connection must stay recurrent: as an ordinary connection it would make a cycle</source>
        <translation>这条连接必须保持为循环连接：作为普通连接它会形成环</translation>
    </message>
    <message>
        <source>those connections must stay recurrent: as ordinary connections they would make a cycle</source>
        <translation>这些连接必须保持为循环连接：作为普通连接它们会形成环</translation>
    </message>
    <message>
        <source>weight of connection {cid} is not finite</source>
        <translation>连接 {cid} 的权重不是有限的数</translation>
    </message>
    <message>
        <source>bias of neuron {nid} is not finite</source>
        <translation>神经元 {nid} 的偏置不是有限的数</translation>
    </message>
</context>
<context>
    <name>NetworkScene</name>
    <message>
        <source>{role} neuron #{id}</source>
        <extracomment>what a neuron&apos;s glyph shows: its role&apos;s shape, its activation&apos;s curve, its label and (dashed border) whether it is frozen; the bias is only in its tooltip zooms at which neurons are cached as pictures at 1:1 and scaled, not re-rendered emitted after neurons and/or connections were (de)selected the neuron under the mouse changed: its id, or None when the mouse left it extra tooltip lines from live training, (&quot;neuron&quot; | &quot;connection&quot;, id) → lines</extracomment>
        <translation>{role}神经元 #{id}</translation>
    </message>
    <message>
        <source>activation: {name}</source>
        <translation>激活函数：{name}</translation>
    </message>
    <message>
        <source>bias: {value}</source>
        <translation>偏置：{value}</translation>
    </message>
    <message numerus="yes">
        <source>in: {incoming}, out: %n connection(s)</source>
        <translation>
            <numerusform>输入：{incoming} 条，输出：%n 条连接</numerusform>
        </translation>
    </message>
    <message>
        <source>frozen: bias is not trained</source>
        <translation>已冻结：偏置不参与训练</translation>
    </message>
    <message>
        <source>frozen: not trained</source>
        <translation>已冻结：不参与训练</translation>
    </message>
    <message>
        <source>recurrent: reads {0} from the previous time step (t−1)</source>
        <translation>循环：读取 {0} 在上一个时间步 (t−1) 的值</translation>
    </message>
    <message>
        <source>weight: {value}</source>
        <translation>权重：{value}</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>Recurrent (t−1)</source>
        <extracomment>(source id, target id) a connect gesture ended on a neuron (old positions, new positions) {neuron id: (x, y)} after a drag (role, count, scene position) from a palette drop or a double-click {connection id: {field: value}} from the canvas&apos;s context menu a transient hint for the status bar window actions a connection&apos;s context menu offers after its own (e.g. Delete)</extracomment>
        <translation>循环连接 (t−1)</translation>
    </message>
    <message>
        <source>Carry the source&apos;s value from the previous time step; only recurrent connections may close a loop</source>
        <translation>传递来源神经元在上一个时间步的值；只有循环连接可以闭合回路</translation>
    </message>
</context>
<context>
    <name>NewForDataset</name>
    <message>
        <source>hidden layers must look like 32,16; got {text!r}</source>
        <translation>隐藏层应写成 32,16 这样的形式；实际为 {text!r}</translation>
    </message>
    <message>
        <source>hidden layer sizes must be positive; got {text!r}</source>
        <translation>隐藏层的大小必须是正数；实际为 {text!r}</translation>
    </message>
</context>
<context>
    <name>NewForDatasetDialog</name>
    <message>
        <source>New Network for a Dataset</source>
        <translation>按数据集新建网络</translation>
    </message>
    <message>
        <source>Makes a network whose inputs and outputs fit the data: one input per feature (images as a grid), softmax outputs for classes, one sigmoid output for two, identity outputs for regression, with a fitting loss.</source>
        <translation>创建一个输入和输出与数据相符的网络：每个特征一个输入（图像排成网格），多个类别用 softmax 输出，两个类别用一个 sigmoid 输出，回归用 identity 输出，并配上合适的损失函数。</translation>
    </message>
    <message>
        <source>CSV or IDX file…</source>
        <translation>CSV 或 IDX 文件…</translation>
    </message>
    <message>
        <source>Image folder…</source>
        <translation>图像文件夹…</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Image options…</source>
        <translation>图像选项…</translation>
    </message>
    <message>
        <source>Scale inputs</source>
        <translation>输入缩放</translation>
    </message>
    <message>
        <source>Neurons per hidden layer, comma-separated (64,32); 0 or empty for none</source>
        <translation>每个隐藏层的神经元个数，用逗号分隔（64,32）；0 或留空表示没有隐藏层</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>Hidden activation</source>
        <translation>隐藏层激活函数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Dataset file</source>
        <translation>数据集文件</translation>
    </message>
    <message>
        <source>Image folder</source>
        <translation>图像文件夹</translation>
    </message>
</context>
<context>
    <name>Pace</name>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Full speed</source>
        <translation>全速</translation>
    </message>
    <message>
        <source>1 epoch per frame</source>
        <translation>每帧 1 轮</translation>
    </message>
    <message>
        <source>%s steps/s</source>
        <translation>%s 步/秒</translation>
    </message>
    <message>
        <source>Full speed (Finish now)</source>
        <translation>全速（立即完成）</translation>
    </message>
    <message>
        <source>Pace: %s steps/s</source>
        <translation>速度：%s 步/秒</translation>
    </message>
    <message>
        <source>Auto pace</source>
        <translation>自动速度</translation>
    </message>
    <message>
        <source>Auto pace: full speed (a long run)</source>
        <translation>自动速度：全速（训练较长）</translation>
    </message>
    <message>
        <source>Auto pace: %s steps/s (run ≈ %s s)</source>
        <translation>自动速度：%s 步/秒（训练约 %s 秒）</translation>
    </message>
    <message>
        <source>Training speed. Auto stretches a run that would end within seconds to about %s s so you can watch it learn; longer runs go at full speed. Finish now (F9) jumps to full speed.</source>
        <translation>训练速度。“自动”会把几秒内就结束的训练放慢到约 %s 秒，让你能看着它学习；较长的训练以全速进行。“立即完成”(F9) 会切换到全速。</translation>
    </message>
</context>
<context>
    <name>PaletteTile</name>
    <message>
        <source>Drag onto the canvas, or click to add at its centre.</source>
        <translation>拖到画布上，或单击添加到画布中央。</translation>
    </message>
</context>
<context>
    <name>PaletteWidget</name>
    <message>
        <source>Input neuron</source>
        <extracomment>(role, count) a tile was clicked rather than dragged</extracomment>
        <translation>输入神经元</translation>
    </message>
    <message>
        <source>takes one data column</source>
        <translation>接收一列数据</translation>
    </message>
    <message>
        <source>Hidden neuron</source>
        <translation>隐藏神经元</translation>
    </message>
    <message>
        <source>Output neuron</source>
        <translation>输出神经元</translation>
    </message>
    <message>
        <source>compared with the target</source>
        <translation>与目标值比较</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Neurons in the layer</source>
        <translation>层中的神经元个数</translation>
    </message>
    <message>
        <source>What the layer&apos;s neurons are: inputs take data columns, outputs are compared with the targets</source>
        <translation>这一层神经元的角色：输入接收数据列，输出与目标值比较</translation>
    </message>
    <message>
        <source>Tip: double-click empty canvas for a hidden neuron; drag from a neuron&apos;s right knob to connect.</source>
        <translation>提示：双击画布空白处可添加隐藏神经元；从神经元右侧的圆点拖动即可连接。</translation>
    </message>
    <message numerus="yes">
        <source>Layer of %n input neurons</source>
        <translation>
            <numerusform>%n 个输入神经元的层</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Layer of %n hidden neurons</source>
        <translation>
            <numerusform>%n 个隐藏神经元的层</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Layer of %n output neurons</source>
        <translation>
            <numerusform>%n 个输出神经元的层</numerusform>
        </translation>
    </message>
    <message>
        <source>a column of input neurons</source>
        <translation>一列输入神经元</translation>
    </message>
    <message>
        <source>a column of hidden neurons</source>
        <translation>一列隐藏神经元</translation>
    </message>
    <message>
        <source>a column of output neurons</source>
        <translation>一列输出神经元</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <source> and {count} more</source>
        <translation> 等另外 {count} 个</translation>
    </message>
    <message>
        <source>the network has no input neurons</source>
        <translation>网络没有输入神经元</translation>
    </message>
    <message>
        <source>the network has no output neurons</source>
        <translation>网络没有输出神经元</translation>
    </message>
    <message>
        <source>{name} has an unknown activation {activation}</source>
        <translation>{name} 的激活函数 {activation} 未知</translation>
    </message>
    <message>
        <source>the connections form a cycle: {loop}; mark one of them recurrent to feed its value back one time step later</source>
        <translation>连接形成了环：{loop}；把其中一条标记为循环连接，让它的值在下一个时间步反馈回来</translation>
    </message>
    <message>
        <source>output {name} is not reached from any input</source>
        <translation>输出 {name} 没有从任何输入连过来</translation>
    </message>
    <message>
        <source>{names} does not feed any output, so training never changes it</source>
        <translation>{names} 没有连到任何输出，所以训练永远不会改变它</translation>
    </message>
    <message>
        <source>{names} do not feed any output, so training never changes them</source>
        <translation>{names} 没有连到任何输出，所以训练永远不会改变它们</translation>
    </message>
    <message>
        <source>{names} has no incoming connections, so it outputs the same f(bias) for every sample</source>
        <translation>{names} 没有输入连接，所以它对每个样本都输出相同的 f(b)（b 为偏置）</translation>
    </message>
    <message>
        <source>{names} have no incoming connections, so each outputs the same f(bias) for every sample</source>
        <translation>{names} 没有输入连接，所以它们对每个样本都输出相同的 f(b)（b 为偏置）</translation>
    </message>
    <message>
        <source>connection {id} joins a neuron that does not exist</source>
        <translation>连接 {id} 连到了不存在的神经元</translation>
    </message>
    <message>
        <source>{source} → {target} ends at an input neuron; inputs take data, not connections</source>
        <translation>{source} → {target} 指向输入神经元；输入接收数据，不接收连接</translation>
    </message>
    <message>
        <source>{source} → {target} is connected more than once</source>
        <translation>{source} → {target} 被连接了不止一次</translation>
    </message>
    <message>
        <source>{name} uses softmax, which only output neurons can use (it normalises over all outputs)</source>
        <translation>{name} 使用了 softmax，而只有输出神经元能用它（它在所有输出上做归一化）</translation>
    </message>
    <message>
        <source>softmax output {name} cannot feed other neurons</source>
        <translation>softmax 输出 {name} 不能再连到其他神经元</translation>
    </message>
    <message>
        <source>softmax must be used by all outputs or none; {names} uses something else</source>
        <translation>softmax 要么所有输出都用，要么都不用；{names} 用的是别的激活函数</translation>
    </message>
    <message>
        <source>softmax must be used by all outputs or none; {names} use something else</source>
        <translation>softmax 要么所有输出都用，要么都不用；{names} 用的是别的激活函数</translation>
    </message>
    <message>
        <source>softmax outputs need the softmax cross-entropy loss (the loss is {loss})</source>
        <translation>softmax 输出需要 softmax 交叉熵损失函数（当前损失函数是 {loss}）</translation>
    </message>
    <message>
        <source>the softmax cross-entropy loss needs softmax output neurons</source>
        <translation>softmax 交叉熵损失函数需要 softmax 输出神经元</translation>
    </message>
    <message>
        <source>softmax over a single output is always 1: use two or more outputs, or sigmoid with binary cross-entropy</source>
        <translation>只有一个输出时 softmax 恒为 1：请使用两个或更多输出，或改用 sigmoid 加二元交叉熵</translation>
    </message>
    <message>
        <source>binary cross-entropy needs outputs in (0, 1): make {names} a sigmoid, or use the L2 loss</source>
        <translation>二元交叉熵需要输出在 (0, 1) 内：请把 {names} 改为 sigmoid，或改用 L2 损失函数</translation>
    </message>
    <message>
        <source>binary cross-entropy needs outputs in (0, 1): make {names} sigmoid, or use the L2 loss</source>
        <translation>二元交叉熵需要输出在 (0, 1) 内：请把 {names} 改为 sigmoid，或改用 L2 损失函数</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>No problems: the network is ready to train</source>
        <extracomment>(neuron ids, connection ids) the user clicked a problem about (errors, warnings) after every refresh</extracomment>
        <translation>没有问题：网络可以开始训练了</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>Reading image sizes</source>
        <translation>读取图像尺寸</translation>
    </message>
    <message>
        <source>Decoding images</source>
        <translation>解码图像</translation>
    </message>
    <message>
        <source>Reading neurons</source>
        <translation>读取神经元</translation>
    </message>
    <message>
        <source>Reading connections</source>
        <translation>读取连接</translation>
    </message>
    <message>
        <source>Reading connection blocks</source>
        <translation>读取连接块</translation>
    </message>
    <message>
        <source>Parsing the file</source>
        <translation>解析文件</translation>
    </message>
    <message>
        <source>Reading the file</source>
        <translation>读取文件</translation>
    </message>
</context>
<context>
    <name>PropertiesPanel</name>
    <message>
        <source>(mixed)</source>
        <translation>（混合）</translation>
    </message>
    <message>
        <source>{name} must be a number, e.g. 0.5 or -1.2e-3</source>
        <translation>{name}必须是数字，例如 0.5 或 -1.2e-3</translation>
    </message>
    <message>
        <source>{name} must be a finite number</source>
        <translation>{name}必须是有限的数字</translation>
    </message>
    <message>
        <source>optional name, e.g. x1</source>
        <extracomment>{neuron id: {field: value}} {connection id: {field: value}}</extracomment>
        <translation>可选的名称，例如 x1</translation>
    </message>
    <message>
        <source>frozen (training leaves the bias alone)</source>
        <translation>冻结（训练时不改变偏置）</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>frozen (training leaves the weight alone)</source>
        <translation>冻结（训练时不改变权重）</translation>
    </message>
    <message>
        <source>recurrent (t−1)</source>
        <translation>循环连接 (t−1)</translation>
    </message>
    <message>
        <source>Carries the source&apos;s value from the previous time step into the target. Only recurrent connections may close a loop; a network with any trains on sequences.</source>
        <translation>把来源神经元在上一个时间步的值传给目标神经元。只有循环连接可以闭合回路；含有循环连接的网络要在序列数据上训练。</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>{neurons} and {connections} selected</source>
        <translation>已选中 {neurons} 和 {connections}</translation>
    </message>
    <message>
        <source>Select only neurons or only connections to edit them.</source>
        <translation>只选神经元或只选连接，才能编辑它们。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message numerus="yes">
        <source>%Ln input(s)</source>
        <translation>
            <numerusform>%Ln 个输入</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hidden</source>
        <translation>
            <numerusform>%Ln 个隐藏</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln output(s)</source>
        <translation>
            <numerusform>%Ln 个输出</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln parameter(s)</source>
        <translation>
            <numerusform>%Ln 个参数</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a neuron or a connection to edit it.</source>
        <translation>选择一个神经元或一条连接来编辑它。</translation>
    </message>
    <message>
        <source>Neuron {name}</source>
        <translation>神经元 {name}</translation>
    </message>
    <message>
        <source>labels are edited one at a time</source>
        <translation>标签只能逐个编辑</translation>
    </message>
    <message numerus="yes">
        <source>Activation and bias apply to the %n non-input neuron(s); </source>
        <translation>
            <numerusform>激活函数和偏置只作用于 %n 个非输入神经元；</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the %n input(s) pass data through unchanged.</source>
        <translation>
            <numerusform>%n 个输入神经元会原样传递数据。</numerusform>
        </translation>
    </message>
    <message>
        <source>Connection {source} → {target}</source>
        <translation>连接 {source} → {target}</translation>
    </message>
</context>
<context>
    <name>RecurrentEdges</name>
    <message>
        <source>t−1</source>
        <extracomment>a self-loop&apos;s Bézier controls around its neuron&apos;s centre, in neuron radii (y down)</extracomment>
        <translation>t−1</translation>
    </message>
</context>
<context>
    <name>RunCommands</name>
    <message>
        <source>Record {name}</source>
        <translation>记录 {name}</translation>
    </message>
    <message>
        <source>Rename run “{old}” to “{name}”</source>
        <translation>把训练记录“{old}”重命名为“{name}”</translation>
    </message>
    <message>
        <source>Delete run “{name}”</source>
        <translation>删除训练记录“{name}”</translation>
    </message>
    <message>
        <source>Delete {count} runs</source>
        <translation>删除 {count} 条训练记录</translation>
    </message>
    <message>
        <source>Keep only the last {count} runs</source>
        <translation>只保留最近 {count} 条训练记录</translation>
    </message>
    <message>
        <source>Restore settings of {name}</source>
        <translation>恢复 {name} 的设置</translation>
    </message>
    <message>
        <source>Restore weights of {name}</source>
        <translation>恢复 {name} 的权重</translation>
    </message>
</context>
<context>
    <name>RunDiff</name>
    <message>
        <source>dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>neuron {id}</source>
        <extracomment>activation changes on more neurons than this are counted, not named one by one</extracomment>
        <translation>神经元 {id}</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>{count} neurons</source>
        <translation>{count} 个神经元</translation>
    </message>
    <message>
        <source>{old} → {new} on {where}</source>
        <translation>{where} 上 {old} → {new}</translation>
    </message>
    <message>
        <source>drawing {old} → {new}</source>
        <translation>网络结构 {old} → {new}</translation>
    </message>
    <message>
        <source>another drawing</source>
        <translation>另一个网络结构</translation>
    </message>
    <message>
        <source>first run</source>
        <translation>第一次训练</translation>
    </message>
    <message>
        <source>same settings</source>
        <translation>设置相同</translation>
    </message>
</context>
<context>
    <name>Runs</name>
    <message>
        <source>{name} kept no weights: only the last runs keep their final parameters</source>
        <extracomment>curve points a run keeps per column; longer runs are thinned evenly (first and last kept) runs whose final parameters are kept by default (older runs keep curves and numbers) networks up to this many parameters keep them exactly (float64); larger ones as float32 the kept runs&apos; final parameters take at most this many bytes of the file together, so runs never bloat a big network&apos;s file (a 784-128-10 document keeps 5 runs&apos; weights, 2.7 MB, next to its own 2.3 MB); the newest run always keeps its own final numbers of a run (None where not measured) measures whose best value a run records: lowest losses, highest test metric</extracomment>
        <translation>{name} 没有保留权重：只有最近几次训练会保留最终参数</translation>
    </message>
    <message>
        <source>{name} was trained on a different drawing ({shape}); its weights fit only a network with the same neurons and connections</source>
        <translation>{name} 是在另一个网络结构（{shape}）上训练的；它的权重只适用于神经元和连接都相同的网络</translation>
    </message>
    <message>
        <source>{name}&apos;s stored weights do not match the drawing&apos;s parameter count</source>
        <translation>{name} 保存的权重与当前网络的参数个数不符</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Settings</source>
        <extracomment>[(run, index in the document)] to draw over the live curves a passing report for the status bar the &quot;keep weights of the last N runs&quot; preference changed</extracomment>
        <translation>设置</translation>
    </message>
    <message>
        <source>Set the training settings and dataset to the selected run&apos;s (undoable)</source>
        <translation>把训练设置和数据集恢复为所选记录的（可撤销）</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Put the selected run&apos;s final weights into the network (undoable)</source>
        <translation>把所选记录最终的权重放回网络（可撤销）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Forget the selected runs (undoable)</source>
        <translation>删除所选的训练记录（可撤销）</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Export Table as CSV…</source>
        <translation>把表格导出为 CSV…</translation>
    </message>
    <message>
        <source>Keep Only the Last Runs…</source>
        <translation>只保留最近的训练记录…</translation>
    </message>
    <message>
        <source>Restore:</source>
        <translation>恢复：</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s), %1 of the file; %2 with weights</source>
        <translation>
            <numerusform>%n 次训练，占文件 %1；其中 %2 个保存了权重</numerusform>
        </translation>
    </message>
    <message>
        <source>No runs yet: each training is remembered here</source>
        <translation>还没有训练记录：每次训练都会记录在这里</translation>
    </message>
    <message>
        <source>Keep Weights of the Last %1 Runs…</source>
        <translation>保留最近 %1 次训练的权重…</translation>
    </message>
    <message>
        <source>Renamed the run to “%1”</source>
        <translation>已把训练记录重命名为“%1”</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n run(s); Undo brings them back</source>
        <translation>
            <numerusform>已删除 %n 条训练记录；撤销可以恢复</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep Only the Last Runs</source>
        <translation>只保留最近的训练记录</translation>
    </message>
    <message>
        <source>Forget every run but the newest (undoable). Runs to keep:</source>
        <translation>删除最新几次以外的所有训练记录（可撤销）。保留的记录数：</translation>
    </message>
    <message numerus="yes">
        <source>Nothing to forget: the document has %n run(s)</source>
        <translation>
            <numerusform>没有可删除的：文档共有 %n 条训练记录</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Kept the last %n run(s); Undo brings the others back</source>
        <translation>
            <numerusform>已保留最近 %n 条训练记录；撤销可以恢复其余的</numerusform>
        </translation>
    </message>
    <message>
        <source>Weights Kept with Runs</source>
        <translation>随训练记录保存的权重</translation>
    </message>
    <message>
        <source>Only this many of the newest runs keep their final weights in the file, so it stays small (applies to the next runs):</source>
        <translation>只有最新的这么多次训练会把最终权重保存到文件中，使文件保持较小（对之后的训练生效）：</translation>
    </message>
    <message>
        <source>The settings already are those of %1</source>
        <translation>当前设置已经与 %1 相同</translation>
    </message>
    <message>
        <source>Restored the settings of %1</source>
        <translation>已恢复 %1 的设置</translation>
    </message>
    <message>
        <source>Cannot restore the weights: %1</source>
        <translation>无法恢复权重：%1</translation>
    </message>
    <message>
        <source>Restored the weights of %1; Undo returns to the previous ones</source>
        <translation>已恢复 %1 的权重；撤销可回到之前的权重</translation>
    </message>
    <message>
        <source>Export Runs as CSV</source>
        <translation>把训练记录导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n run(s) to %1</source>
        <translation>
            <numerusform>已把 %n 条训练记录导出到 %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunsTable</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>What differs</source>
        <translation>不同之处</translation>
    </message>
    <message>
        <source>Best test loss</source>
        <translation>最佳测试损失</translation>
    </message>
    <message>
        <source>Best accuracy</source>
        <translation>最佳准确率</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Tick to overlay the run&apos;s curves on the plots</source>
        <translation>勾选后在曲线图上叠加显示这次训练的曲线</translation>
    </message>
    <message>
        <source>Double-click to rename</source>
        <translation>双击可重命名</translation>
    </message>
    <message>
        <source>What changed since the run before it</source>
        <translation>与上一次训练相比改变了什么</translation>
    </message>
    <message>
        <source>Lowest test loss of the run (training loss without a test set)</source>
        <translation>这次训练的最低测试损失（没有测试集时为训练损失）</translation>
    </message>
    <message>
        <source>Highest test accuracy (R² for regression)</source>
        <translation>最高测试准确率（回归问题为 R²）</translation>
    </message>
    <message>
        <source>Epochs trained</source>
        <translation>训练的轮数</translation>
    </message>
    <message>
        <source>Training time, pauses left out</source>
        <translation>训练用时，不含暂停</translation>
    </message>
    <message>
        <source>When the run started</source>
        <translation>训练开始的时间</translation>
    </message>
    <message>
        <source>Run {number}</source>
        <translation>第 {number} 次训练</translation>
    </message>
    <message>
        <source>Best R²</source>
        <extracomment>(index of the run in the document, new name) the ticked runs changed</extracomment>
        <translation>最佳 R²</translation>
    </message>
    <message>
        <source>{steps} steps, {rate:.0f} steps/s</source>
        <translation>{steps} 步，{rate:.0f} 步/秒</translation>
    </message>
    <message>
        <source>Made on another drawing: its weights do not fit this one</source>
        <translation>在另一个网络结构上训练：它的权重不适用于当前网络</translation>
    </message>
    <message>
        <source>Its weights were not kept (only the last runs keep them)</source>
        <translation>它的权重没有保存（只有最近几次训练会保存）</translation>
    </message>
    <message>
        <source>{sizes}, {count} parameter</source>
        <extracomment>a run&apos;s shape (kept in English in the file; the GUI translates it where it shows it)</extracomment>
        <translation>{sizes}，{count} 个参数</translation>
    </message>
    <message>
        <source>{sizes}, {count} parameters</source>
        <translation>{sizes}，{count} 个参数</translation>
    </message>
</context>
<context>
    <name>Scaling</name>
    <message>
        <source>raw inputs</source>
        <extracomment>What each method means, for tooltips, messages and export notes.</extracomment>
        <translation>原始输入</translation>
    </message>
    <message>
        <source>min–max to [0, 1] (minimum and range of the training split)</source>
        <translation>min–max 缩放到 [0, 1]（用训练部分的最小值和范围）</translation>
    </message>
    <message>
        <source>z-score (mean and standard deviation of the training split)</source>
        <translation>z-score 标准化（用训练部分的均值和标准差）</translation>
    </message>
</context>
<context>
    <name>SequencePanel</name>
    <message>
        <source>training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>Which set the sequence comes from</source>
        <translation>序列来自哪个数据集</translation>
    </message>
    <message>
        <source>Which sequence to follow through time</source>
        <translation>随时间跟踪哪个序列</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>time step t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <source>Hidden activations over time</source>
        <translation>隐藏神经元激活值随时间的变化</translation>
    </message>
    <message>
        <source>Train a network with recurrent connections on a sequence dataset (echo, parity, sine-next, adding or a sequence CSV) to follow a sequence here.</source>
        <translation>在序列数据集（echo、parity、sine-next、adding 或序列 CSV）上训练一个含循环连接的网络，就能在这里跟踪一个序列。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Sequence&lt;/b&gt;</source>
        <translation>&lt;b&gt;序列&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The data is not a set of sequences: this view follows networks with recurrent connections through time.</source>
        <translation>数据不是序列集合：这个视图用于随时间跟踪含循环连接的网络。</translation>
    </message>
    <message numerus="yes">
        <source>of %n</source>
        <translation>
            <numerusform>共 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;Sequence&lt;/b&gt; {0} {1} · {2} steps · loss {3:.4g}{4}</source>
        <translation>&lt;b&gt;序列&lt;/b&gt; {0} {1} · {2} 步 · 损失 {3:.4g}{4}</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;━ {1}&lt;/span&gt; output, &lt;span style=&apos;color:{0}&apos;&gt;○&lt;/span&gt; target</source>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;━ {1}&lt;/span&gt; 输出，&lt;span style=&apos;color:{0}&apos;&gt;○&lt;/span&gt; 目标值</translation>
    </message>
    <message>
        <source> (last step only)</source>
        <translation>（仅最后一步）</translation>
    </message>
    <message>
        <source>No hidden neurons.</source>
        <translation>没有隐藏神经元。</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>a network needs at least an input and an output layer</source>
        <extracomment>(rows, cols, channels) of an input layer laid out as an image Every connection is a Python object the editor can show and undo; beyond a few million the document alone needs gigabytes, so ``bpstudio new`` refuses instead of swapping for minutes.</extracomment>
        <translation>网络至少需要一个输入层和一个输出层</translation>
    </message>
    <message>
        <source>layer sizes must be positive whole numbers; got {sizes}</source>
        <translation>各层大小必须是正整数；实际为 {sizes}</translation>
    </message>
    <message>
        <source>an input grid of {grid} does not hold {sizes} inputs</source>
        <translation>{grid} 的输入网格放不下 {sizes} 个输入</translation>
    </message>
    <message>
        <source>layer sizes must look like 2,8,8,1; {text!r} has an empty size between commas</source>
        <translation>各层大小应写成 2,8,8,1 这样的形式；{text!r} 的逗号之间有空缺</translation>
    </message>
    <message>
        <source>layer sizes must look like 2,8,8,1; got {text!r}</source>
        <translation>各层大小应写成 2,8,8,1 这样的形式；实际为 {text!r}</translation>
    </message>
    <message>
        <source>layer sizes need at least two positive numbers; got {text!r}</source>
        <translation>各层大小至少需要两个正数；实际为 {text!r}</translation>
    </message>
    <message>
        <source>layers {text!r} would need {connections:,} connections; a drawn network holds at most {max_layered_connections:,}</source>
        <translation>各层 {text!r} 需要 {connections:,} 个连接；画出的网络最多只能有 {max_layered_connections:,} 个</translation>
    </message>
    <message>
        <source>layers {text!r} would need {neurons:,} neurons; a document holds at most {max_neurons:,}</source>
        <translation>各层 {text!r} 需要 {neurons:,} 个神经元；一个文档最多只能有 {max_neurons:,} 个</translation>
    </message>
    <message>
        <source>points: task must be classification or regression; got {task!r}</source>
        <translation>points：任务必须是 classification（分类）或 regression（回归）；实际为 {task!r}</translation>
    </message>
    <message>
        <source>points: a regression drawing has n_classes 0</source>
        <translation>points：回归任务的绘制数据 n_classes 应为 0</translation>
    </message>
    <message>
        <source>points: n_classes must be 2 to {max_drawn_classes}; got {n_classes!r}</source>
        <translation>points：n_classes 必须在 2 到 {max_drawn_classes} 之间；实际为 {n_classes!r}</translation>
    </message>
    <message>
        <source>points: at most {max_points:,} points; got {count:,}</source>
        <translation>points：最多 {max_points:,} 个点；实际有 {count:,} 个</translation>
    </message>
    <message>
        <source>{where}.{name} must be a finite number</source>
        <translation>{where}.{name} 必须是有限的数</translation>
    </message>
    <message>
        <source>{where}: label {value:g} is not a class 0..{n_classes}</source>
        <translation>{where}：标签 {value:g} 不是 0..{n_classes} 中的类别</translation>
    </message>
    <message>
        <source>input scaling must be one of {scalings}; got {method!r}</source>
        <translation>输入缩放必须是 {scalings} 之一；实际为 {method!r}</translation>
    </message>
    <message>
        <source>input scaling has {count} offsets but {scales} scales</source>
        <translation>输入缩放有 {count} 个偏移量，却有 {scales} 个缩放系数</translation>
    </message>
    <message>
        <source>input scaling &apos;none&apos; has no offsets or scales</source>
        <translation>输入缩放 &apos;none&apos; 没有偏移量和缩放系数</translation>
    </message>
    <message>
        <source>input scaling {method!r} needs one offset and one scale per input</source>
        <translation>输入缩放 {method!r} 需要每个输入一个偏移量和一个缩放系数</translation>
    </message>
    <message>
        <source>input scaling offset {i} is not finite</source>
        <translation>输入缩放的第 {i} 个偏移量不是有限的数</translation>
    </message>
    <message>
        <source>input scaling scale {i} must be a positive finite number; got {scale!r}</source>
        <translation>输入缩放的第 {i} 个缩放系数必须是有限的正数；实际为 {scale!r}</translation>
    </message>
    <message>
        <source>scale_inputs must be one of {scalings}; got {method!r}</source>
        <translation>scale_inputs 必须是 {scalings} 之一；实际为 {method!r}</translation>
    </message>
    <message>
        <source>fitting needs a non-empty (n, n_inputs) array; got {shape}</source>
        <translation>拟合需要一个非空的 (n, n_inputs) 数组；实际为 {shape}</translation>
    </message>
    <message>
        <source>the input scaling is for {n_inputs} inputs; got {got}</source>
        <translation>输入缩放对应 {n_inputs} 个输入；实际为 {got} 个</translation>
    </message>
    <message>
        <source>{name} must be one of {choices}; got {value!r}</source>
        <extracomment>the built-in datasets of sequences (for networks with recurrent connections) where a sequence has targets: at every time step, or only at its last one the dataset name meaning &quot;the points drawn in this document&quot; (stored in the file itself) how inputs are scaled before they reach the network (bpstudio/model/scaling.py)</extracomment>
        <translation>{name} 必须是 {choices} 之一；实际为 {value!r}</translation>
    </message>
    <message>
        <source>{name} must be a number; got {value!r}</source>
        <translation>{name} 必须是数字；实际为 {value!r}</translation>
    </message>
    <message>
        <source>{name} must be a whole number; got {value!r}</source>
        <translation>{name} 必须是整数；实际为 {value!r}</translation>
    </message>
    <message>
        <source>{name} must be finite; got {value!r}</source>
        <translation>{name} 必须是有限的数；实际为 {value!r}</translation>
    </message>
    <message>
        <source>{name} must be {relation} {low}; got {value}</source>
        <translation>{name} 必须 {relation} {low}；实际为 {value}</translation>
    </message>
    <message>
        <source>{name} must be ≤ {high}; got {value}</source>
        <translation>{name} 必须 ≤ {high}；实际为 {value}</translation>
    </message>
    <message>
        <source>{name} must be true or false; got {value!r}</source>
        <translation>{name} 必须是 true 或 false；实际为 {value!r}</translation>
    </message>
    <message>
        <source>dataset name must be a non-empty string; got {name!r}</source>
        <extracomment>&quot;none&quot;, &quot;minmax&quot; (to [0, 1]) or &quot;zscore&quot;; fitted on the training split only sequences (docs/recurrent.md): the CSV column naming the sequence each row belongs to &quot;every&quot;: a target at every time step; &quot;last&quot;: only the last step&apos;s target counts</extracomment>
        <translation>数据集名称必须是非空字符串；实际为 {name!r}</translation>
    </message>
    <message>
        <source>image_width and image_height are both 0 (automatic) or both set; got {image_width}×{image_height}</source>
        <translation>image_width 和 image_height 要么都为 0（自动），要么都要设置；实际为 {image_width}×{image_height}</translation>
    </message>
    <message>
        <source>sequence_column must name a column; got {sequence_column!r}</source>
        <translation>sequence_column 必须是一个列名；实际为 {sequence_column!r}</translation>
    </message>
    <message>
        <source>truncation must be at least 1 time step; got {truncation} (leave it out to backpropagate through whole sequences)</source>
        <extracomment>fraction of the training split held out as the validation set (0 = none; see :attr:`effective_validation_ratio` for what early stopping uses then) sequences: backpropagate through at most this many time steps (truncated BPTT in windows of this length, docs/recurrent.md); None = through the whole sequence rescale the gradient to at most this Euclidean norm before each step (0 = off)</extracomment>
        <translation>truncation 至少为 1 个时间步；实际为 {truncation}（不设置它，就会在整个序列上做反向传播）</translation>
    </message>
    <message>
        <source>{where}: unknown setting {unknown!r}</source>
        <translation>{where}：未知的设置 {unknown!r}</translation>
    </message>
    <message>
        <source>history: all columns must have the same length</source>
        <translation>history：所有列的长度必须相同</translation>
    </message>
</context>
<context>
    <name>StepColoring</name>
    <message>
        <source>not reached by this pass yet</source>
        <translation>本次传播尚未到达</translation>
    </message>
    <message>
        <source>carried w·a forward</source>
        <translation>已向前传递 w·a</translation>
    </message>
    <message>
        <source>|∂L/∂w|: wider = larger</source>
        <translation>|∂L/∂w|：越宽越大</translation>
    </message>
    <message>
        <source> (widest {value})</source>
        <translation>（最宽 {value}）</translation>
    </message>
</context>
<context>
    <name>StepMode</name>
    <message>
        <source>Pause training to step through a pass.</source>
        <translation>请先暂停训练，再逐步查看一次传播。</translation>
    </message>
    <message>
        <source>Applied w ← w − η·∂L/∂w with η = {rate} to every parameter: the loss went {before} → {after}. Press → to step through the next pass.</source>
        <extracomment>anything the panel shows changed (step, values, hint, activity)</extracomment>
        <translation>已对每个参数执行 w ← w − η·∂L/∂w，η = {rate}：损失从 {before} → {after}。按 → 逐步查看下一次传播。</translation>
    </message>
    <message>
        <source>The X-ray cannot run this network: {problem}</source>
        <translation>X 光透视无法运行这个网络：{problem}</translation>
    </message>
    <message>
        <source>The forward pass is done: ← steps backward, Shift+→ runs it all.</source>
        <translation>前向传播已完成：按 ← 反向逐步，按 Shift+→ 一次运行全部。</translation>
    </message>
    <message>
        <source>Finish the forward pass first: → steps forward, Shift+→ runs it all.</source>
        <translation>请先完成前向传播：按 → 向前逐步，按 Shift+→ 一次运行全部。</translation>
    </message>
    <message>
        <source>The backward pass is done: U applies the update.</source>
        <translation>反向传播已完成：按 U 应用更新。</translation>
    </message>
    <message>
        <source>X-ray: one gradient step</source>
        <translation>X 光透视：一步梯度下降</translation>
    </message>
    <message>
        <source>The update was refused: {problem}</source>
        <translation>更新被拒绝：{problem}</translation>
    </message>
    <message>
        <source>L = mean of {batch} samples&apos; losses = {loss}</source>
        <translation>L = {batch} 个样本损失的平均值 = {loss}</translation>
    </message>
    <message>
        <source>all {n} training samples: {before} → {after}</source>
        <translation>全部 {n} 个训练样本：{before} → {after}</translation>
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <source>start</source>
        <extracomment>a step&apos;s phase (Step.phase) in words</extracomment>
        <translation>开始</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>前向</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>Backprop, one neuron at a time</source>
        <translation>反向传播，一次一个神经元</translation>
    </message>
    <message>
        <source>This network is big (over {neurons} neurons or {edges} edges): the canvas labels only the selected neuron&apos;s neighbourhood and the current neuron. Select a neuron to see its numbers.</source>
        <translation>这个网络很大（超过 {neurons} 个神经元或 {edges} 条连接）：画布只标注选中神经元的邻域和当前神经元。选择一个神经元即可查看它的数值。</translation>
    </message>
    <message>
        <source>Keys (canvas focused): </source>
        <translation>按键（画布获得焦点时）：</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Which training sample the pass runs on</source>
        <translation>这次传播使用哪个训练样本</translation>
    </message>
    <message>
        <source>minibatch of</source>
        <translation>小批量，大小</translation>
    </message>
    <message>
        <source>Average over consecutive samples, as minibatch training does</source>
        <translation>像小批量训练一样，对连续的若干样本取平均</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>个样本</translation>
    </message>
    <message>
        <source>← Backward</source>
        <translation>← 反向</translation>
    </message>
    <message>
        <source>Forward →</source>
        <translation>前向 →</translation>
    </message>
    <message>
        <source>Whole pass</source>
        <translation>完整一次</translation>
    </message>
    <message>
        <source>Apply update</source>
        <translation>应用更新</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Next neuron backward (←)</source>
        <translation>反向的下一个神经元 (←)</translation>
    </message>
    <message>
        <source>Next neuron of the forward pass (→)</source>
        <translation>前向传播的下一个神经元 (→)</translation>
    </message>
    <message>
        <source>Forward, loss and backward (Shift+→)</source>
        <translation>前向、损失和反向一次完成 (Shift+→)</translation>
    </message>
    <message>
        <source>Back to the plain canvas (Esc)</source>
        <translation>回到普通画布 (Esc)</translation>
    </message>
    <message>
        <source>of {n}</source>
        <translation>共 {n} 个</translation>
    </message>
    <message>
        <source>(no data)</source>
        <translation>（没有数据）</translation>
    </message>
    <message>
        <source>No samples to step through: {0}</source>
        <translation>没有可逐步查看的样本：{0}</translation>
    </message>
    <message>
        <source>the dataset is empty</source>
        <translation>数据集是空的</translation>
    </message>
    <message>
        <source>Step mode is off: press Forward (or X on the canvas).</source>
        <translation>逐步模式已关闭：点击“前向”（或在画布上按 X）。</translation>
    </message>
    <message>
        <source>Step {index} of {last} · {phase}</source>
        <translation>第 {index} 步，共 {last} 步 · {phase}</translation>
    </message>
    <message>
        <source>One step with η = {rate}: loss {before} → {after} on these samples (largest changes first)</source>
        <translation>用 η = {rate} 走了一步：这些样本上的损失 {before} → {after}（变化最大的排在前面）</translation>
    </message>
</context>
<context>
    <name>Sweep</name>
    <message>
        <source> (did you mean {close}?)</source>
        <extracomment>settings a sweep may vary: every training setting (the dataset stays the document&apos;s)</extracomment>
        <translation>（你是不是想输入 {close}？）</translation>
    </message>
    <message>
        <source>{key!r} is not a training setting{hint}</source>
        <translation>{key!r} 不是训练设置{hint}</translation>
    </message>
    <message>
        <source>{key}: give one or more values separated by commas, got {values!r}</source>
        <translation>{key}：请给出一个或多个用逗号分隔的值，实际为 {values!r}</translation>
    </message>
    <message>
        <source>{key}: a value is given twice in {values!r}</source>
        <translation>{key}：{values!r} 中有一个值出现了两次</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>{key}: {text!r} is not {what}</source>
        <translation>{key}：{text!r} 不是{what}</translation>
    </message>
    <message>
        <source>{key} is swept twice; give all its values in one --set</source>
        <translation>{key} 被扫描了两次；请在一个 --set 中给出它的所有取值</translation>
    </message>
    <message>
        <source>give at least one setting to sweep (--set learning_rate=0.01,0.1)</source>
        <translation>请至少给出一个要扫描的设置（--set learning_rate=0.01,0.1）</translation>
    </message>
    <message>
        <source>the grid has {count_points} points; a sweep makes at most {max_points} runs</source>
        <translation>网格有 {count_points} 个点；一次扫描最多进行 {max_points} 次训练</translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message>
        <source>Sweep Settings</source>
        <extracomment>the settings offered first (the rest follow in the file&apos;s order) document indices of the runs the sweep added</extracomment>
        <translation>参数扫描</translation>
    </message>
    <message>
        <source>Train the network once per combination of values, one run after another, each from the current weights. The runs join the Runs dock, where you can compare and restore them.</source>
        <translation>对每一种取值组合训练一次网络，依次进行，每次都从当前权重开始。这些训练会加入“训练记录”面板，你可以在那里比较和恢复它们。</translation>
    </message>
    <message>
        <source>values separated by commas</source>
        <translation>用逗号分隔的取值</translation>
    </message>
    <message>
        <source>Setting %1:</source>
        <translation>设置 %1：</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Cancel Sweep</source>
        <translation>取消扫描</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 epochs each</source>
        <translation>每次 %1 轮</translation>
    </message>
    <message>
        <source>the epochs as set</source>
        <translation>按设置的轮数</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) of %1</source>
        <translation>
            <numerusform>%n 次训练，%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Cancelling: the current step ends first…</source>
        <translation>正在取消：先让当前这一步完成…</translation>
    </message>
    <message>
        <source>Run %1 of %2: %3 — epoch %4 of %5</source>
        <translation>第 %1 次训练，共 %2 次：%3 — 第 %4 轮，共 %5 轮</translation>
    </message>
    <message>
        <source>Cancelled after %1 of %2 runs; they were added to the Runs dock</source>
        <translation>在完成 %2 次中的 %1 次后取消；它们已加入“训练记录”面板</translation>
    </message>
    <message>
        <source>Done: %1 runs added to the Runs dock (Undo removes them)</source>
        <translation>完成：%1 次训练已加入“训练记录”面板（撤销可移除它们）</translation>
    </message>
    <message>
        <source>Cannot sweep: %1</source>
        <translation>无法扫描：%1</translation>
    </message>
    <message>
        <source>Record a sweep of %1 runs</source>
        <translation>记录一次 %1 次训练的扫描</translation>
    </message>
    <message>
        <source>best %1</source>
        <translation>最佳 %1</translation>
    </message>
    <message>
        <source>best R²</source>
        <translation>最佳 R²</translation>
    </message>
    <message>
        <source>best accuracy</source>
        <translation>最佳准确率</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>The best run of the sweep</source>
        <translation>扫描中最好的一次训练</translation>
    </message>
</context>
<context>
    <name>SweepWorker</name>
    <message>
        <source>the sweep failed: {error}</source>
        <extracomment>SweepProgress (at most ~20 a second, and once per finished run) list[Run]: the runs made (all of them, or those finished before Cancel) the reason a sweep could not run (data that cannot load, a network that cannot train)</extracomment>
        <translation>扫描失败：{error}</translation>
    </message>
</context>
<context>
    <name>Targets</name>
    <message>
        <source>the network has recurrent connections, so it trains on sequences, but the data is not a sequence dataset: choose echo, parity, sine-next or adding, or a CSV file with a sequence column (docs/recurrent.md)</source>
        <translation>网络含有循环连接，所以要用序列训练，但这份数据不是序列数据集：请选择 echo、parity、sine-next 或 adding，或带有序列列的 CSV 文件（docs/recurrent.md）</translation>
    </message>
    <message>
        <source>the data&apos;s target columns, as they are</source>
        <extracomment>the validation set, held out of the training split (see :func:`hold_out_validation`) &quot;&quot; for samples; for sequences (x ``(n, T, n_inputs)``, y ``(n, T, n_outputs)``, labels ``(n, T)``) which steps are scored: &quot;every&quot; or &quot;last&quot;</extracomment>
        <translation>直接使用数据中的目标列</translation>
    </message>
    <message>
        <source>one-hot: 1 at the class&apos;s output, 0 at the others</source>
        <translation>独热编码：该类别对应的输出为 1，其余为 0</translation>
    </message>
    <message>
        <source>−1 / +1 for classes 0 / 1 (tanh output, threshold 0)</source>
        <translation>类别 0 / 1 对应 −1 / +1（tanh 输出，阈值 0）</translation>
    </message>
    <message>
        <source>0 / 1, the class label (threshold 0.5)</source>
        <translation>0 / 1，即类别标签（阈值 0.5）</translation>
    </message>
    <message>
        <source>class labels become {classes}; numeric targets are used as they are</source>
        <translation>类别标签变为{classes}；数值目标直接使用</translation>
    </message>
    <message>
        <source>binary cross-entropy</source>
        <translation>二元交叉熵</translation>
    </message>
    <message>
        <source>softmax cross-entropy</source>
        <translation>softmax 交叉熵</translation>
    </message>
    <message>
        <source>column {number}</source>
        <translation>第 {number} 列</translation>
    </message>
    <message>
        <source>{loss} needs targets from 0 to 1, but target {name} holds {worst}: rescale it to [0, 1], or use the L2 loss</source>
        <translation>{loss}需要 0 到 1 之间的目标值，但目标 {name} 含有 {worst}：请把它缩放到 [0, 1]，或改用 L2 损失函数</translation>
    </message>
    <message>
        <source>{loss} needs targets ≥ 0, but target {name} holds {worst}: make it ≥ 0, or use the L2 loss</source>
        <translation>{loss}需要 ≥ 0 的目标值，但目标 {name} 含有 {worst}：请让它 ≥ 0，或改用 L2 损失函数</translation>
    </message>
    <message>
        <source>the training data has {columns} input columns but the network has {inputs} input neurons</source>
        <translation>训练数据有 {columns} 个输入列，但网络有 {inputs} 个输入神经元</translation>
    </message>
    <message>
        <source>the test data has {columns} input columns but the network has {inputs} input neurons</source>
        <translation>测试数据有 {columns} 个输入列，但网络有 {inputs} 个输入神经元</translation>
    </message>
    <message>
        <source>the training set is empty</source>
        <translation>训练集是空的</translation>
    </message>
    <message>
        <source>the data has {classes} classes but the network has one output; draw {classes} outputs (one per class)</source>
        <translation>数据有 {classes} 个类别，但网络只有一个输出；请画 {classes} 个输出（每个类别一个）</translation>
    </message>
    <message>
        <source>the data has {classes} classes but the network has {outputs} outputs; one output per class is needed</source>
        <translation>数据有 {classes} 个类别，但网络有 {outputs} 个输出；每个类别需要一个输出</translation>
    </message>
    <message>
        <source>the data has {columns} target columns but the network has {outputs} output neurons</source>
        <translation>数据有 {columns} 个目标列，但网络有 {outputs} 个输出神经元</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Play the run again from the start at the chosen speed (Space pauses it)</source>
        <translation>以所选速度从头回放这次训练（空格键暂停）</translation>
    </message>
    <message>
        <source>epoch 100,000 of 100,000</source>
        <translation>第 100,000 轮，共 100,000 轮</translation>
    </message>
    <message>
        <source>Best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>View the epoch with the lowest validation loss (test loss without a validation set)</source>
        <translation>查看验证损失最低的一轮（没有验证集时为测试损失）</translation>
    </message>
    <message>
        <source>Use These Weights</source>
        <translation>使用这些权重</translation>
    </message>
    <message>
        <source>Apply the weights shown to the network as one undoable step (Undo returns)</source>
        <translation>把显示的权重应用到网络，作为一个可撤销的步骤（撤销可返回）</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Back to the newest weights (End)</source>
        <translation>回到最新的权重 (End)</translation>
    </message>
    <message>
        <source>present</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>no timeline yet</source>
        <translation>尚无时间线</translation>
    </message>
    <message>
        <source>epoch %s of %s</source>
        <translation>第 %s 轮，共 %s 轮</translation>
    </message>
    <message>
        <source>every epoch at first, then thinning out</source>
        <translation>起初每轮一个，之后逐渐稀疏</translation>
    </message>
    <message>
        <source>Drag, or use ←/→ (Home: start, End: present), to see the network as it was; a click on a curve goes to that epoch.</source>
        <translation>拖动，或使用 ←/→（Home：开头，End：当前），查看网络当时的样子；单击曲线可跳到那一轮。</translation>
    </message>
    <message>
        <source>Pause Replay</source>
        <translation>暂停回放</translation>
    </message>
</context>
<context>
    <name>TourDialog</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The tour runs on the XOR example&lt;/b&gt;, and your network is still open: the example did not replace it.&lt;/p&gt;&lt;p&gt;Save or discard your changes, then start the tour again from Help ▸ Backprop X-ray Tour.&lt;/p&gt;</source>
        <extracomment>the box&apos;s sizes, preferred first: narrower and taller when only that keeps it clear</extracomment>
        <translation>&lt;p&gt;&lt;b&gt;导览需要在 XOR 示例上运行&lt;/b&gt;，而你的网络仍然打开着：示例没有替换它。&lt;/p&gt;&lt;p&gt;请先保存或放弃你的更改，然后从“帮助 ▸ 反向传播 X 光导览”重新开始导览。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>1 · The loss is a distance</source>
        <translation>1 · 损失是一种距离</translation>
    </message>
    <message>
        <source>&lt;p&gt;The network computes its output neuron by neuron: each one adds up &lt;i&gt;w·a&lt;/i&gt; from the neurons feeding it plus its bias (&lt;i&gt;z&lt;/i&gt;) and squashes it (&lt;i&gt;a = f(z)&lt;/i&gt;). The canvas now shows the XOR network&apos;s forward pass on one sample.&lt;/p&gt;&lt;p&gt;The &lt;b&gt;loss&lt;/b&gt; is the distance between the output &lt;i&gt;a&lt;/i&gt; and the target &lt;i&gt;t&lt;/i&gt;: here L = (a − t)², the squared distance. Training means making it small.&lt;/p&gt;&lt;p&gt;On the canvas, &lt;b&gt;→&lt;/b&gt; steps forward one neuron at a time.&lt;/p&gt;</source>
        <translation>&lt;p&gt;网络一个神经元一个神经元地计算输出：每个神经元把来自上游神经元的 &lt;i&gt;w·a&lt;/i&gt; 加起来，再加上自己的偏置（得到 &lt;i&gt;z&lt;/i&gt;），然后用激活函数把它压缩（&lt;i&gt;a = f(z)&lt;/i&gt;）。画布上现在显示的是 XOR 网络在一个样本上的前向传播。&lt;/p&gt;&lt;p&gt;&lt;b&gt;损失&lt;/b&gt;是输出 &lt;i&gt;a&lt;/i&gt; 与目标值 &lt;i&gt;t&lt;/i&gt; 之间的距离：这里 L = (a − t)²，即距离的平方。训练就是要让它变小。&lt;/p&gt;&lt;p&gt;在画布上按 &lt;b&gt;→&lt;/b&gt; 可以一次前进一个神经元。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>2 · A derivative is a slope</source>
        <translation>2 · 导数就是斜率</translation>
    </message>
    <message>
        <source>&lt;p&gt;The &lt;b&gt;nudge lens&lt;/b&gt; plots the loss as one weight moves while everything else stays fixed. The blue tangent&apos;s slope is the derivative ∂L/∂w.&lt;/p&gt;&lt;p&gt;Where the slope is positive, a smaller w means a smaller loss; where it is negative, a larger one. Drag the value slider, then press &lt;b&gt;Step downhill&lt;/b&gt;: w ← w − η·∂L/∂w walks down the curve.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;微扰透镜&lt;/b&gt;画出只移动一个权重、其余一切固定时损失的变化。蓝色切线的斜率就是偏导数 ∂L/∂w。&lt;/p&gt;&lt;p&gt;斜率为正时，w 变小损失就变小；斜率为负时，w 变大损失才变小。拖动取值滑块，然后点击&lt;b&gt;下坡一步&lt;/b&gt;：w ← w − η·∂L/∂w 会沿着曲线往下走——这就是梯度下降。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>3 · Measure a slope by nudging one weight</source>
        <translation>3 · 微扰一个权重来测量斜率</translation>
    </message>
    <message>
        <source>&lt;p&gt;Move w a little to each side and watch the loss: (L(w+ε) − L(w−ε)) / 2ε is the slope of the orange secant. With ε = 0.1 you can still see it differ from the tangent; with a tiny ε the two agree to many digits.&lt;/p&gt;&lt;p&gt;The &lt;b&gt;gradient checker&lt;/b&gt; (the tab beside the lens) does this for every parameter and finds backprop&apos;s numbers. But nudging costs two forward passes per parameter — the next page counts it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;把 w 向两边各移动一点，观察损失：(L(w+ε) − L(w−ε)) / 2ε 就是橙色割线的斜率。当 ε = 0.1 时还能看出它和切线不同；当 ε 很小时，两者在很多位数上都一致。&lt;/p&gt;&lt;p&gt;&lt;b&gt;梯度检验&lt;/b&gt;（透镜旁边的标签页）对每个参数都这样做，结果与反向传播的数值相同。但数值微扰每个参数要做两次前向传播——下一页会算一算它的代价。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>4 · Backprop gets them all at once</source>
        <translation>4 · 反向传播一次求出全部梯度</translation>
    </message>
    <message>
        <source>&lt;p&gt;Backprop starts at the loss and walks back through the network (&lt;b&gt;←&lt;/b&gt; on the canvas): each neuron gets ∂L/∂a (a sum of w·δ over where it sends its output), then δ = ∂L/∂a · f′(z), and each incoming weight ∂L/∂w = δ · a&lt;sub&gt;source&lt;/sub&gt;.&lt;/p&gt;&lt;p&gt;The &lt;b&gt;chain rule&lt;/b&gt; panel writes this out, with numbers, from the loss down to the selected weight — and the loss as a formula of that one weight.&lt;/p&gt;&lt;p&gt;The &lt;b&gt;Cost&lt;/b&gt; tab counts what this saves: backprop costs about two forward passes for every gradient, nudging two forward passes for each one.&lt;/p&gt;</source>
        <translation>&lt;p&gt;反向传播从损失出发，沿网络往回走（在画布上按 &lt;b&gt;←&lt;/b&gt;）：每个神经元先得到 ∂L/∂a（对它的输出所连向的各处求 w·δ 之和），再得到 δ = ∂L/∂a · f′(z)，每个输入权重的偏导数为 ∂L/∂w = δ · a&lt;sub&gt;source&lt;/sub&gt;。&lt;/p&gt;&lt;p&gt;&lt;b&gt;链式法则&lt;/b&gt;面板把这一过程连同数值一起写出来，从损失一直写到选中的权重——还把损失写成只含这一个权重的公式。&lt;/p&gt;&lt;p&gt;&lt;b&gt;代价&lt;/b&gt;标签页算出这样省了多少：反向传播求出全部梯度只需约两次前向传播的代价，而数值微扰每个梯度都要两次前向传播。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>5 · Repeat</source>
        <translation>5 · 重复</translation>
    </message>
    <message>
        <source>&lt;p&gt;One update moves every weight a little downhill: w ← w − η·∂L/∂w. The canvas shows each weight&apos;s old → new value and the new loss.&lt;/p&gt;&lt;p&gt;Repeat: step again (→, ←) and press &lt;b&gt;U&lt;/b&gt;, or let &lt;b&gt;Train&lt;/b&gt; repeat it thousands of times. Ctrl+Z undoes the step.&lt;/p&gt;</source>
        <translation>&lt;p&gt;一次更新让每个权重都向下坡方向移动一点：w ← w − η·∂L/∂w。画布上显示每个权重的旧值 → 新值以及新的损失。&lt;/p&gt;&lt;p&gt;重复：再次逐步（→、←）并按 &lt;b&gt;U&lt;/b&gt;，或者让&lt;b&gt;训练&lt;/b&gt;把它重复成千上万次。Ctrl+Z 可以撤销这一步。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Backprop X-ray tour</source>
        <translation>反向传播 X 光导览</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>training loss {loss} reached the target {target}</source>
        <translation>训练损失 {loss} 已达到目标 {target}</translation>
    </message>
    <message>
        <source>finished {epochs} epochs</source>
        <translation>已完成 {epochs} 轮</translation>
    </message>
    <message>
        <source>validation loss stopped improving; kept the weights of epoch {epoch} (validation loss {loss})</source>
        <translation>验证损失不再下降；保留第 {epoch} 轮的权重（验证损失 {loss}）</translation>
    </message>
    <message>
        <source>training loss stopped improving; kept the weights of epoch {epoch} (training loss {loss})</source>
        <translation>训练损失不再下降；保留第 {epoch} 轮的权重（训练损失 {loss}）</translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation>被用户停止</translation>
    </message>
    <message>
        <source>the loss exploded to {loss} (best {best}) at step {step}: training paused with the weights of step {checkpoint} and the optimiser&apos;s momentum cleared; try a lower learning rate</source>
        <translation>损失函数在第 {step} 步暴涨到 {loss}（最佳为 {best}）：训练已暂停，权重回到第 {checkpoint} 步，优化器的动量已清零；请试试更小的学习率</translation>
    </message>
    <message>
        <source>the loss became infinite or NaN at step {step}: training paused with the weights of step {checkpoint} and the optimiser&apos;s momentum cleared; try a lower learning rate</source>
        <translation>损失函数在第 {step} 步变成了无穷大或 NaN：训练已暂停，权重回到第 {checkpoint} 步，优化器的动量已清零；请试试更小的学习率</translation>
    </message>
    <message>
        <source>the drawing changed while training; the rest is the next run</source>
        <extracomment>why a run ended when its drawing changed (kept in English in the file, like its shape)</extracomment>
        <translation>训练期间网络结构改变了；剩下的部分算作下一次训练</translation>
    </message>
    <message>
        <source>outputs are saturated: lower the learning rate ({share:.0%} of the training samples put every output on a flat tail of its activation, ∂a/∂z &lt; {slope:g}, where the gradient vanishes; accuracy {accuracy:.0%} is no better than always answering the commonest class, {chance:.0%})</source>
        <translation>输出已饱和：请降低学习率（{share:.0%} 的训练样本使每个输出都落在激活函数平坦的尾部，∂a/∂z &lt; {slope:g}，梯度在那里消失；准确率 {accuracy:.0%} 并不比总是回答最常见的类别（{chance:.0%}）更好）</translation>
    </message>
</context>
<context>
    <name>TrainingActions</name>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Train the network (Space starts, pauses and resumes)</source>
        <translation>训练网络（空格键开始、暂停和继续）</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>单步(&amp;S)</translation>
    </message>
    <message>
        <source>One minibatch: forward pass, backward pass, one update</source>
        <translation>一个小批量：前向传播、反向传播、一次更新</translation>
    </message>
    <message>
        <source>Step &amp;Epoch</source>
        <translation>单轮(&amp;E)</translation>
    </message>
    <message>
        <source>Minibatches until the current epoch ends</source>
        <translation>逐个小批量训练，直到本轮结束</translation>
    </message>
    <message>
        <source>&amp;Finish Now</source>
        <translation>立即完成(&amp;F)</translation>
    </message>
    <message>
        <source>Train the rest of the run at full speed, whatever the chosen speed</source>
        <translation>不管所选的速度，以全速训练完剩下的部分</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>End training and apply the trained weights (Undo returns to the weights before)</source>
        <translation>结束训练并应用训练得到的权重（撤销可回到训练前的权重）</translation>
    </message>
    <message>
        <source>&amp;Reset Weights</source>
        <translation>重置权重(&amp;R)</translation>
    </message>
    <message>
        <source>Fresh random weights from the initialiser and seed (undoable)</source>
        <translation>用初始化方法和随机种子生成新的随机权重（可撤销）</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause training (Space)</source>
        <translation>暂停训练（空格键）</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Resume training (Space)</source>
        <translation>继续训练（空格键）</translation>
    </message>
    <message>
        <source>Start training (Space)</source>
        <translation>开始训练（空格键）</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source>Training diverged: the loss blew up (learning rate η = {lr}). Paused with the weights from before it did and momentum cleared: lower the learning rate, then Resume.</source>
        <translation>训练发散了：损失急剧增大（学习率 η = {lr}）。已暂停，权重恢复到发散之前，动量已清零：请调低学习率，然后点击“继续”。</translation>
    </message>
    <message>
        <source>Cannot resume: {reason}</source>
        <extracomment>view_state() changed: a new snapshot (≤ 20/s), a document edit (once per event-loop turn), a settings or dataset change, training start/stop &quot;idle&quot; (no run since the document opened or the reset), &quot;running&quot;, &quot;paused&quot;, &quot;stopping&quot; (Stop asked the worker to end; its weights come when it has), &quot;finished&quot; (the run ended and its weights were applied) the latest Progress (None when there is none), at most 10 times a second :attr:`history` (what the plots draw) changed a problem the user should see until it is solved (&quot;&quot; clears it) a passing report for the status bar the pace, Finish now, or the rate the pace works out to changed the timeline gained or lost snapshots, or another one (or the present) is viewed image folders load on its thread (progress bar and Cancel: ui/training/load_dialog) what Train or Step asked for while the data were loading, done once they are in how many of the newest runs keep their final weights (a preference) when a list, the snapshot slot appends its duration in seconds (bench/ reads it)</extracomment>
        <translation>无法继续：{reason}</translation>
    </message>
    <message>
        <source>Cannot step: {reason}</source>
        <translation>无法单步：{reason}</translation>
    </message>
    <message>
        <source>Stopping: the current training step ends first…</source>
        <translation>正在停止：先让当前训练步完成…</translation>
    </message>
    <message>
        <source>Training is stopping: wait for its weights</source>
        <translation>训练正在停止：请等待它的权重</translation>
    </message>
    <message>
        <source>Nothing to reset: draw some connections first</source>
        <translation>没有可重置的内容：请先画一些连接</translation>
    </message>
    <message>
        <source>Reset the weights ({init}, seed {seed})</source>
        <translation>已重置权重（{init}，随机种子 {seed}）</translation>
    </message>
    <message>
        <source>Stopping training: waiting for the current step to end…</source>
        <translation>正在停止训练：等待当前这一步完成…</translation>
    </message>
    <message>
        <source>Training starts once the data are in: {problem}</source>
        <translation>数据加载完成后开始训练：{problem}</translation>
    </message>
    <message>
        <source>Cannot train: {problem}</source>
        <translation>无法训练：{problem}</translation>
    </message>
    <message>
        <source>All weights were 0: initialised them ({init}, seed {seed}) so hidden neurons can differ</source>
        <translation>所有权重都是 0：已将它们初始化（{init}，随机种子 {seed}），让隐藏神经元各不相同</translation>
    </message>
    <message numerus="yes">
        <source>; the %n step(s) undone during training can no longer be redone</source>
        <translation>
            <numerusform>；训练期间撤销的 %n 个步骤无法再重做</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applied the weights after %Ln epoch(s) ({steps}); Undo returns to those before training</source>
        <translation>
            <numerusform>已应用训练 %Ln 轮后的权重（{steps}）；撤销可回到训练前的权重</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln step(s)</source>
        <translation>
            <numerusform>%Ln 步</numerusform>
        </translation>
    </message>
    <message>
        <source>At the end of training the {problem}</source>
        <translation>训练结束时：{problem}</translation>
    </message>
    <message>
        <source>Training ended ({reason}): train loss {loss}</source>
        <translation>训练结束（{reason}）：训练损失 {loss}</translation>
    </message>
    <message>
        <source>Training paused: {problem}</source>
        <translation>训练已暂停：{problem}</translation>
    </message>
    <message>
        <source>no document</source>
        <translation>没有打开的文档</translation>
    </message>
    <message>
        <source>Cannot use those weights: {problem}</source>
        <translation>无法使用这些权重：{problem}</translation>
    </message>
    <message>
        <source>Use the weights of epoch {epoch}</source>
        <translation>使用第 {epoch} 轮的权重</translation>
    </message>
    <message>
        <source>Applied the weights of epoch {epoch}; Undo returns to those before</source>
        <translation>已应用第 {epoch} 轮的权重；撤销可回到之前的权重</translation>
    </message>
</context>
<context>
    <name>TrainingFields</name>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Points the generator draws; more points give a smoother average gradient per epoch</source>
        <translation>生成器生成的点数；点越多，每轮的平均梯度越平滑</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Gaussian jitter added to the points: a harder target the gradient cannot fit exactly, which shows overfitting</source>
        <translation>给点加上的高斯抖动：目标更难，梯度无法精确拟合，可以用来观察过拟合</translation>
    </message>
    <message>
        <source>Scale inputs</source>
        <translation>输入缩放</translation>
    </message>
    <message>
        <source>How raw inputs are scaled before the first neuron, fitted on the training split only and stored with the trained weights: predict and every export apply it too</source>
        <translation>原始输入在进入第一个神经元之前如何缩放；只在训练集上拟合，并与训练得到的权重一起保存：预测和每种导出也都会应用它</translation>
    </message>
    <message>
        <source>Test ratio</source>
        <translation>测试比例</translation>
    </message>
    <message>
        <source>Share of samples held out: they never enter a gradient, they only measure test loss and accuracy</source>
        <translation>留出的样本比例：它们从不参与梯度计算，只用来衡量测试损失和准确率</translation>
    </message>
    <message>
        <source>Validation ratio</source>
        <translation>验证比例</translation>
    </message>
    <message>
        <source>Share of the training samples kept out of every gradient to measure validation loss for early stopping (with patience on, 0 means 10 %)</source>
        <translation>从训练样本中留出、不参与梯度计算的比例，用于测量早停所需的验证损失（开启耐心值时，0 表示 10 %）</translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation>数据随机种子</translation>
    </message>
    <message>
        <source>Fixes which samples are drawn and which are held out, so the same data gives the same gradients</source>
        <translation>固定生成哪些样本、留出哪些样本，使相同的数据得到相同的梯度</translation>
    </message>
    <message>
        <source>Loss and optimiser</source>
        <translation>损失函数与优化器</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>What backprop differentiates. L2: ∂L/∂a = 2(a − y). Cross-entropy (sigmoid or softmax outputs only): ∂L/∂z = a − y</source>
        <translation>反向传播要求导的函数。L2：∂L/∂a = 2(a − y)。交叉熵（仅限 sigmoid 或 softmax 输出）：∂L/∂z = a − y</translation>
    </message>
    <message>
        <source>L2 (squared distance)</source>
        <translation>L2（距离的平方）</translation>
    </message>
    <message>
        <source>Binary cross-entropy</source>
        <translation>二元交叉熵</translation>
    </message>
    <message>
        <source>Softmax cross-entropy</source>
        <translation>Softmax 交叉熵</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>How a gradient g becomes an update: SGD w ← w − η·g; momentum adds a running velocity; Adam divides by g&apos;s running RMS</source>
        <translation>梯度 g 如何变成一次更新：SGD 为 w ← w − η·g；动量法加上一个累积的速度；Adam 除以 g 的滑动均方根</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Learning rate η</source>
        <translation>学习率 η</translation>
    </message>
    <message>
        <source>η in w ← w − η·∂L/∂w: the size of every step; too large and the loss diverges</source>
        <translation>w ← w − η·∂L/∂w 中的 η：每一步的大小；太大会使损失发散</translation>
    </message>
    <message>
        <source>Momentum μ</source>
        <translation>动量 μ</translation>
    </message>
    <message>
        <source>μ in v ← μ·v − η·g: the share of the previous update carried into this one</source>
        <translation>v ← μ·v − η·g 中的 μ：上一次更新带入本次更新的比例</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>Take the gradient&apos;s step from the look-ahead point: w ← w + μ·v − η·g</source>
        <translation>在前瞻点上计算梯度再走一步：w ← w + μ·v − η·g</translation>
    </message>
    <message>
        <source>Adam: decay of the running mean of g, the step&apos;s direction</source>
        <translation>Adam：g 的滑动平均的衰减率，决定步子的方向</translation>
    </message>
    <message>
        <source>Adam: decay of the running mean of g², which scales each weight&apos;s step</source>
        <translation>Adam：g² 的滑动平均的衰减率，用来缩放每个权重的步长</translation>
    </message>
    <message>
        <source>Adam: added to √v̂ so steps stay finite where the gradient is ~0</source>
        <translation>Adam：加到 √v̂ 上，使梯度接近 0 时步长仍然有限</translation>
    </message>
    <message>
        <source>Clip gradient norm</source>
        <translation>梯度范数裁剪</translation>
    </message>
    <message>
        <source>A gradient longer than this (Euclidean norm) is scaled down to it before each step: the cure for exploding gradients</source>
        <translation>每一步之前，把长度（欧几里得范数）超过这个值的梯度缩小到这个值：治疗梯度爆炸的办法</translation>
    </message>
    <message>
        <source>Time steps</source>
        <translation>时间步</translation>
    </message>
    <message>
        <source>Steps per sequence</source>
        <translation>每个序列的步数</translation>
    </message>
    <message>
        <source>Built-in sequence sets: time steps in each sequence, the depth backpropagation through time unrolls to</source>
        <translation>内置序列数据集：每个序列的时间步数，也是随时间反向传播展开的深度</translation>
    </message>
    <message>
        <source>Targets at</source>
        <translation>目标值位于</translation>
    </message>
    <message>
        <source>Which steps the loss compares with a target: every step, or only each sequence&apos;s last</source>
        <translation>损失函数在哪些步与目标值比较：每一步，或只在每个序列的最后一步</translation>
    </message>
    <message>
        <source>every step</source>
        <translation>每一步</translation>
    </message>
    <message>
        <source>the last step</source>
        <translation>最后一步</translation>
    </message>
    <message>
        <source>Truncate BPTT at</source>
        <translation>BPTT 截断步数</translation>
    </message>
    <message>
        <source>Backpropagate through at most this many steps (windows; the state carries over, gradients do not)</source>
        <translation>最多反向传播这么多步（分窗口进行；状态会延续，梯度不会）</translation>
    </message>
    <message>
        <source>whole sequence</source>
        <translation>整个序列</translation>
    </message>
    <message>
        <source>Minibatches and stopping</source>
        <translation>小批量与停止条件</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Samples averaged into each gradient: full batch is the exact gradient, 1 is online (noisy) learning</source>
        <translation>每个梯度平均的样本数：全批量得到精确梯度，1 为在线（有噪声的）学习</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>全批量</translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation>打乱顺序</translation>
    </message>
    <message>
        <source>Reshuffle the samples every epoch, so minibatch gradients do not repeat in the same order</source>
        <translation>每轮重新打乱样本，使小批量梯度不按相同顺序重复</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Passes over the training set: each sample feeds one gradient per epoch; updates stop after this many</source>
        <translation>遍历训练集的次数：每轮中每个样本参与一次梯度计算；达到这么多轮后停止更新</translation>
    </message>
    <message>
        <source>Target loss</source>
        <translation>目标损失</translation>
    </message>
    <message>
        <source>Updates stop once an epoch&apos;s training loss is at or below this; it never changes a gradient</source>
        <translation>某一轮的训练损失降到这个值或以下时停止更新；它不会改变梯度</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>None (raw inputs)</source>
        <extracomment>(value, shown text) of every input scaling, for the panel and the image options</extracomment>
        <translation>无（原始输入）</translation>
    </message>
    <message>
        <source>Min–max to [0, 1]</source>
        <translation>最小–最大缩放到 [0, 1]</translation>
    </message>
    <message>
        <source>Z-score</source>
        <translation>Z-score 标准化</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心值</translation>
    </message>
    <message>
        <source>Updates stop after this many epochs without a lower validation loss, and the best epoch&apos;s weights are restored</source>
        <translation>连续这么多轮验证损失都没有降低时停止更新（早停），并恢复最佳一轮的权重</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>L1</source>
        <translation>L1</translation>
    </message>
    <message>
        <source>Adds l1·sign(w) to ∂L/∂w: pushes weights to exactly 0 (weights only, not biases)</source>
        <translation>在 ∂L/∂w 上加 l1·sign(w)：把权重推向恰好为 0（只作用于权重，不作用于偏置）</translation>
    </message>
    <message>
        <source>L2 (weight decay)</source>
        <translation>L2（权重衰减）</translation>
    </message>
    <message>
        <source>Adds l2·w to ∂L/∂w: shrinks every weight towards 0 in proportion to its size</source>
        <translation>在 ∂L/∂w 上加 l2·w：按权重大小成比例地把每个权重缩向 0</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>调度方式</translation>
    </message>
    <message>
        <source>How η changes with the epoch: constant, step decay, or a cosine down to a minimum</source>
        <translation>η 随轮次如何变化：保持不变、阶梯衰减，或按余弦降到最小值</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>不变</translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>Every (epochs)</source>
        <translation>间隔（轮）</translation>
    </message>
    <message>
        <source>Step decay: η is multiplied by γ every this many epochs</source>
        <translation>阶梯衰减：每隔这么多轮把 η 乘以 γ</translation>
    </message>
    <message>
        <source>Decay γ</source>
        <translation>衰减系数 γ</translation>
    </message>
    <message>
        <source>Step decay: the factor applied to η at each step</source>
        <translation>阶梯衰减：每一阶乘到 η 上的系数</translation>
    </message>
    <message>
        <source>Minimum η</source>
        <translation>最小 η</translation>
    </message>
    <message>
        <source>Cosine: η at the last epoch</source>
        <translation>余弦：最后一轮的 η</translation>
    </message>
    <message>
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Initialiser</source>
        <translation>初始化方法</translation>
    </message>
    <message>
        <source>Starting weights for Reset and for a blank drawing: Xavier suits sigmoid/tanh, He suits ReLU</source>
        <translation>“重置”和新画的网络所用的初始权重：Xavier 适合 sigmoid/tanh，He 适合 ReLU</translation>
    </message>
    <message>
        <source>Xavier (Glorot)</source>
        <translation>Xavier (Glorot)</translation>
    </message>
    <message>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <source>Uniform ±a</source>
        <translation>均匀分布 ±a</translation>
    </message>
    <message>
        <source>Scale a</source>
        <translation>范围 a</translation>
    </message>
    <message>
        <source>Uniform initialiser: weights drawn from U(−a, a)</source>
        <translation>均匀初始化：权重取自 U(−a, a)</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Fixes the initial weights and the minibatch order, so the same run gives the same gradients</source>
        <translation>固定初始权重和小批量的顺序，使同样的训练得到同样的梯度</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Number format of weights, gradients and updates: float64 keeps ~16 digits per step; float32 ~7, faster on big networks</source>
        <translation>权重、梯度和更新的数字格式：float64 每步保留约 16 位有效数字；float32 约 7 位，在大网络上更快</translation>
    </message>
    <message>
        <source>Which samples the loss averages over; every gradient is a mean over a minibatch of them</source>
        <translation>损失函数对哪些样本取平均；每个梯度都是一个小批量上的平均值</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Ready</source>
        <extracomment>dataset kinds whose image options (size, colour, invert) the dialog edits</extracomment>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>{state}: press Train (Space) to start</source>
        <translation>{state}：点击“训练”（空格键）开始</translation>
    </message>
    <message>
        <source>epoch {epoch}</source>
        <translation>第 {epoch} 轮</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>{rate} steps/s</source>
        <translation>{rate} 步/秒</translation>
    </message>
    <message>
        <source>train loss {value}</source>
        <translation>训练损失 {value}</translation>
    </message>
    <message>
        <source>validation loss {value}</source>
        <translation>验证损失 {value}</translation>
    </message>
    <message>
        <source>test loss {value}</source>
        <translation>测试损失 {value}</translation>
    </message>
    <message>
        <source>test accuracy {value}</source>
        <translation>测试准确率 {value}</translation>
    </message>
    <message>
        <source>test R² {value}</source>
        <translation>测试 R² {value}</translation>
    </message>
    <message>
        <source>Dataset</source>
        <extracomment>(TrainingSettings, field label, field name) (DatasetSpec, field label, field name) a passing report for the status bar (a typed value out of range)</extracomment>
        <translation>数据集</translation>
    </message>
    <message>
        <source>{0} · sequences</source>
        <translation>{0} · 序列</translation>
    </message>
    <message>
        <source>CSV file…</source>
        <translation>CSV 文件…</translation>
    </message>
    <message>
        <source>Image folder…</source>
        <translation>图像文件夹…</translation>
    </message>
    <message>
        <source>A folder with one subfolder of images (PNG, JPEG, BMP, GIF, WebP) per class, named after the class</source>
        <translation>一个文件夹，每个类别一个以类别命名的子文件夹，里面是图像（PNG、JPEG、BMP、GIF、WebP）</translation>
    </message>
    <message>
        <source>MNIST (IDX) file…</source>
        <translation>MNIST (IDX) 文件…</translation>
    </message>
    <message>
        <source>An …-images-idx3-ubyte[.gz] file with its labels file beside it (MNIST, Fashion-MNIST, EMNIST)</source>
        <translation>一个 …-images-idx3-ubyte[.gz] 文件，旁边有它的标签文件（MNIST、Fashion-MNIST、EMNIST）</translation>
    </message>
    <message>
        <source>Image options…</source>
        <translation>图像选项…</translation>
    </message>
    <message>
        <source>Size, grayscale or RGB, invert, input scaling and test ratio of the images</source>
        <translation>图像的尺寸、灰度或 RGB、反色、输入缩放和测试比例</translation>
    </message>
    <message>
        <source>drawn points</source>
        <translation>绘制的点</translation>
    </message>
    <message numerus="yes">
        <source>The %n point(s) drawn on the decision-boundary plane (Draw data)</source>
        <translation>
            <numerusform>在决策边界平面上绘制的 %n 个点（绘制数据）</numerusform>
        </translation>
    </message>
    <message>
        <source>Image folder {name}: one subfolder per class; {size}, {colour}</source>
        <translation>图像文件夹 {name}：每个类别一个子文件夹；{size}，{colour}</translation>
    </message>
    <message>
        <source>grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <source>MNIST-format images {name} with the labels file beside it; {size}</source>
        <translation>MNIST 格式的图像 {name}，旁边有标签文件；{size}</translation>
    </message>
    <message>
        <source>CSV file {name}: one row per sample, inputs first, targets last</source>
        <translation>CSV 文件 {name}：每行一个样本，先是输入，最后是目标值</translation>
    </message>
    <message>
        <source>automatic size</source>
        <translation>自动尺寸</translation>
    </message>
    <message>
        <source>resized to {w}×{h}</source>
        <translation>缩放到 {w}×{h}</translation>
    </message>
    <message>
        <source>Targets: {targets}</source>
        <translation>目标值：{targets}</translation>
    </message>
    <message>
        <source>Train on an image folder</source>
        <translation>在图像文件夹上训练</translation>
    </message>
    <message>
        <source>Train on a CSV file</source>
        <translation>在 CSV 文件上训练</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>MNIST-format images (*idx3-ubyte *idx3-ubyte.gz *.idx3 *.idx3.gz);;All files (*)</source>
        <translation>MNIST 格式图像 (*idx3-ubyte *idx3-ubyte.gz *.idx3 *.idx3.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Train on MNIST-format images</source>
        <translation>在 MNIST 格式图像上训练</translation>
    </message>
    <message>
        <source>image options</source>
        <translation>图像选项</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source>press Train (Space) to start</source>
        <translation>点击“训练”（空格键）开始</translation>
    </message>
    <message>
        <source>train: on up to {samples} training samples, now and then within {share} of the training time (not saved with the document); test: on the held-out test samples after each epoch</source>
        <translation>训练：在至多 {samples} 个训练样本上不时测量，所用时间不超过训练时间的 {share}（不随文档保存）；测试：每轮结束后在留出的测试样本上测量</translation>
    </message>
    <message>
        <source>. This dataset has no test samples (raise the test ratio)</source>
        <translation>。此数据集没有测试样本（请提高测试比例）</translation>
    </message>
    <message>
        <source> — no test set</source>
        <translation> — 无测试集</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>training stopped by an internal error: {error}</source>
        <extracomment>the run&apos;s snapshots: recorded on this thread, read by the GUI (thread-safe) the stop check must look at the pace: it changed, or the run is paced the steps per second the pace asks of this run (None: full speed); GUI reads it the record&apos;s rows not yet taken by the GUI, with train metrics (engine code; publish/adopt/take under the lock, measuring on this thread only)</extracomment>
        <translation>训练因内部错误而停止：{error}</translation>
    </message>
</context>
<context>
    <name>UnrolledScene</name>
    <message>
        <source>state before t = 0: every a = 0</source>
        <extracomment>recurrent curves by the step they enter: (t, item)</extracomment>
        <translation>t = 0 之前的状态：所有 a = 0</translation>
    </message>
</context>
<context>
    <name>UnrolledView</name>
    <message>
        <source>Which training sequence to unroll</source>
        <translation>展开哪个训练序列</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Back to before time step 0 (Home)</source>
        <translation>回到时间步 0 之前 (Home)</translation>
    </message>
    <message>
        <source>Backward step: backpropagate through the next time step, from the last one back (←)</source>
        <translation>反向一步：从最后一步往回，对下一个时间步做反向传播 (←)</translation>
    </message>
    <message>
        <source>Forward step: compute the next time step, then the loss (→)</source>
        <translation>前向一步：计算下一个时间步，最后是损失 (→)</translation>
    </message>
    <message>
        <source>Run All</source>
        <translation>全部运行</translation>
    </message>
    <message>
        <source>The whole pass, forward and back (Shift+→)</source>
        <translation>完整的一次传播，前向加反向 (Shift+→)</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>Open or draw a network.</source>
        <translation>请打开或绘制一个网络。</translation>
    </message>
    <message>
        <source>This network has no recurrent connection, so it has no time steps to unroll: X-ray ▸ Step Through a Pass shows its pass.</source>
        <translation>这个网络没有循环连接，所以没有可展开的时间步：用“X 光 ▸ 逐步查看一次传播”查看它的传播过程。</translation>
    </message>
    <message>
        <source>The X-ray cannot unroll this network: {0}</source>
        <translation>X 光透视无法展开这个网络：{0}</translation>
    </message>
    <message>
        <source>Unrolled in time</source>
        <translation>按时间展开</translation>
    </message>
    <message>
        <source>Unrolled in time: sequence {0} of {1}, {2} steps</source>
        <translation>按时间展开：第 {0} 个序列，共 {1} 个，{2} 步</translation>
    </message>
    <message>
        <source>Finish the forward pass first: → computes the next time step, then the loss.</source>
        <translation>请先完成前向传播：按 → 计算下一个时间步，最后是损失。</translation>
    </message>
    <message>
        <source>→ runs time step 0; the state before it is 0.</source>
        <translation>按 → 运行时间步 0；它之前的状态为 0。</translation>
    </message>
    <message>
        <source>Forward through t = {0}: every neuron&apos;s a({0}) from the inputs at {0} and, along the recurrent curves, a({1}).</source>
        <translation>前向传播到 t = {0}：每个神经元的 a({0}) 来自 {0} 时刻的输入，以及沿循环曲线传来的 a({1})。</translation>
    </message>
    <message>
        <source>Loss L = {0}. ← backpropagates from the last step.</source>
        <translation>损失 L = {0}。按 ← 从最后一步开始反向传播。</translation>
    </message>
    <message>
        <source>Backward at t = {0}: δ({0}) from the loss at {0} and, along the red curves, δ({1}).</source>
        <translation>在 t = {0} 反向传播：δ({0}) 来自 {0} 时刻的损失，以及沿红色曲线传回的 δ({1})。</translation>
    </message>
    <message>
        <source>δ of {0} at t = {1} is not known yet: ← walks back to it.</source>
        <translation>{0} 在 t = {1} 的 δ 还未知：按 ← 往回走到那里。</translation>
    </message>
    <message>
        <source>δ of {0} at t = {1}: what flows back from step {1} plus what flows back from step {2}</source>
        <translation>{0} 在 t = {1} 的 δ：从第 {1} 步传回的部分加上从第 {2} 步传回的部分</translation>
    </message>
</context>
<context>
    <name>UpdateModel</name>
    <message>
        <source>parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>old</source>
        <translation>旧值</translation>
    </message>
    <message>
        <source>new = old − η·∂L/∂p</source>
        <translation>新值 = 旧值 − η·∂L/∂p</translation>
    </message>
    <message>
        <source>  (frozen)</source>
        <translation>  （已冻结）</translation>
    </message>
</context>
<context>
    <name>ValueOverlay</name>
    <message>
        <source>{n} hidden to keep the rest readable: zoom in, or select a neuron</source>
        <translation>为了其余内容清晰可读，隐藏了 {n}：请放大，或选择一个神经元</translation>
    </message>
    <message>
        <source>(softmax waits)</source>
        <translation>（等待 softmax）</translation>
    </message>
    <message>
        <source>means of {batch}</source>
        <translation>{batch} 个样本的平均</translation>
    </message>
    <message>
        <source>target t = {value}</source>
        <translation>目标值 t = {value}</translation>
    </message>
    <message>
        <source> (frozen)</source>
        <translation>（已冻结）</translation>
    </message>
    <message>
        <source>after one step</source>
        <translation>走一步之后</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
</context>
<context>
    <name>Visuals</name>
    <message>
        <source>Gradient |∂L/∂w|</source>
        <translation>梯度 |∂L/∂w|</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Weight change since start</source>
        <translation>自开始以来的权重变化</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Mean activation</source>
        <translation>平均激活值</translation>
    </message>
    <message>
        <source>Mean |δ| = |∂L/∂z|</source>
        <translation>平均 |δ| = |∂L/∂z|</translation>
    </message>
    <message>
        <source>neuron fill: mean activation a</source>
        <translation>神经元填充色：平均激活值 a</translation>
    </message>
    <message>
        <source>neuron fill: mean |δ| = |∂L/∂z|</source>
        <translation>神经元填充色：平均 |δ| = |∂L/∂z|</translation>
    </message>
    <message>
        <source>−1 or less</source>
        <translation>−1 或更小</translation>
    </message>
    <message>
        <source>1 or more</source>
        <translation>1 或更大</translation>
    </message>
    <message>
        <source>live ({state}, epoch {epoch})</source>
        <translation>实时（{state}，第 {epoch} 轮）</translation>
    </message>
    <message>
        <source>live ({state})</source>
        <translation>实时（{state}）</translation>
    </message>
    <message>
        <source>not in the compiled network yet</source>
        <translation>尚未进入编译后的网络</translation>
    </message>
    <message>
        <source>weight w: {value}</source>
        <translation>权重 w：{value}</translation>
    </message>
    <message>
        <source>Δw since training started: {value}</source>
        <translation>自训练开始以来的 Δw：{value}</translation>
    </message>
    <message>
        <source>bias b: {value}</source>
        <translation>偏置 b：{value}</translation>
    </message>
    <message>
        <source>mean |δ| = |∂L/∂z|: {value}</source>
        <translation>平均 |δ| = |∂L/∂z|：{value}</translation>
    </message>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>Output map</source>
        <translation>输出图</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>手写数字</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Sequence</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>&amp;Edge Colours</source>
        <translation>连接颜色(&amp;E)</translation>
    </message>
    <message>
        <source>Neuron &amp;Fill</source>
        <translation>神经元填充(&amp;F)</translation>
    </message>
    <message>
        <source>Hidden-Neuron &amp;Thumbnails</source>
        <translation>隐藏神经元缩略图(&amp;T)</translation>
    </message>
    <message>
        <source>Show each hidden neuron&apos;s map of the input plane beside it (2-D data)</source>
        <translation>在每个隐藏神经元旁显示它在输入平面上的图（二维数据）</translation>
    </message>
    <message>
        <source>mean over the last report</source>
        <extracomment>weights per connection when the last run started, if the state no longer says (a finished run&apos;s weights were applied: its state starts from them)</extracomment>
        <translation>上次报告的平均值</translation>
    </message>
</context>
<context>
    <name>VisualsController</name>
    <message>
        <source>Training is not available in this build.</source>
        <translation>此版本无法训练。</translation>
    </message>
    <message>
        <source>Cannot show the network: {problem}</source>
        <translation>无法显示网络：{problem}</translation>
    </message>
    <message>
        <source>Nothing to show.</source>
        <translation>暂无内容。</translation>
    </message>
</context>
<context>
    <name>Workflow</name>
    <message>
        <source>The network has recurrent connections, so it trains on sequences, but the dataset {name!r} holds none: choose echo, parity, sine-next or adding, or a CSV file with a {column!r} column</source>
        <translation>网络含有循环连接，所以要用序列训练，但数据集 {name!r} 中没有序列：请选择 echo、parity、sine-next 或 adding，或带有 {column!r} 列的 CSV 文件</translation>
    </message>
    <message>
        <source>The stored input scaling ({scaling}) is for {stored} inputs but the network has {inputs}: train again to refit it before predicting or exporting</source>
        <translation>保存的输入缩放（{scaling}）对应 {stored} 个输入，但网络有 {inputs} 个：请在预测或导出前重新训练，以重新拟合缩放</translation>
    </message>
</context>
<context>
    <name>XRay</name>
    <message>
        <source>Backprop X-ray</source>
        <translation>反向传播 X 光</translation>
    </message>
    <message>
        <source>Chain Rule</source>
        <translation>链式法则</translation>
    </message>
    <message>
        <source>Nudge Lens</source>
        <translation>微扰透镜</translation>
    </message>
    <message>
        <source>Gradient Check</source>
        <translation>梯度检验</translation>
    </message>
    <message>
        <source>Cost of Gradients</source>
        <translation>梯度的代价</translation>
    </message>
    <message>
        <source>Unrolled in Time</source>
        <translation>按时间展开</translation>
    </message>
    <message>
        <source>(target class {name})</source>
        <translation>（目标类别 {name}）</translation>
    </message>
    <message>
        <source>({activation} and cross-entropy together)</source>
        <extracomment>f′ of each activation of engine/activations.py but softmax (whose Jacobian has its own lines): the rule, with {a}/{z} for the neuron&apos;s own, and its numbers</extracomment>
        <translation>（{activation} 与交叉熵合在一起）</translation>
    </message>
    <message>
        <source>(from the neurons it feeds)</source>
        <translation>（来自它所连向的神经元）</translation>
    </message>
    <message>
        <source>(the loss&apos;s own part {together}, plus the chain rule through what it feeds)</source>
        <translation>（损失函数自身的部分{together}，加上经过它所连向的神经元的链式法则）</translation>
    </message>
    <message>
        <source>(softmax Jacobian)</source>
        <translation>（softmax 雅可比矩阵）</translation>
    </message>
    <message>
        <source>the chain rule is written for one sample: trace a single row</source>
        <translation>链式法则是针对单个样本写出的：请追踪单独一行</translation>
    </message>
    <message>
        <source>input neurons have no bias</source>
        <translation>输入神经元没有偏置</translation>
    </message>
    <message>
        <source>… {count} more downstream neurons with smaller δ are not written out (their w·δ still add into the sums)</source>
        <translation>… 另有 {count} 个 δ 较小的下游神经元没有写出（它们的 w·δ 仍计入求和）</translation>
    </message>
    <message>
        <source> ({method} scaled, as the network sees them)</source>
        <translation>（经过 {method} 缩放，即网络看到的值）</translation>
    </message>
    <message>
        <source> (means over {batch} samples)</source>
        <extracomment>fused outputs that feed other neurons: mean over samples of ∂L/∂a·f′(z), the part of δ that comes back from the neurons they feed</extracomment>
        <translation>（{batch} 个样本的平均值）</translation>
    </message>
    <message>
        <source>, … ({count} more)</source>
        <translation>，…（另有 {count} 个）</translation>
    </message>
    <message>
        <source>Inputs{scaled}{mean}: {values}. Press → to compute the first neuron.</source>
        <translation>输入{scaled}{mean}：{values}。按 → 计算第一个神经元。</translation>
    </message>
    <message>
        <source>Loss of the minibatch: the mean of the {batch} samples&apos; losses L = {loss}. Press ← to step backward.</source>
        <translation>小批量的损失：{batch} 个样本损失的平均值 L = {loss}。按 ← 开始反向传播。</translation>
    </message>
    <message>
        <source>Loss: {formula} = {loss}. Press ← to step backward.</source>
        <translation>损失：{formula} = {loss}。按 ← 开始反向传播。</translation>
    </message>
    <message>
        <source>mean over samples of {f}</source>
        <translation>{f} 在各样本上的平均值</translation>
    </message>
    <message>
        <source>Forward {count} — {name}{mean}: z = {z}{a}</source>
        <translation>前向传播 {count} — {name}{mean}：z = {z}{a}</translation>
    </message>
    <message>
        <source>{product} on 1 incoming edge</source>
        <translation>{product}，作用于 1 条输入连接</translation>
    </message>
    <message>
        <source>{product} on {edges} incoming edges</source>
        <translation>{product}，作用于 {edges} 条输入连接</translation>
    </message>
    <message>
        <source>Backward {count} — {name}{mean}: {delta}; ∂L/∂w = {edges}, ∂L/∂b = δ</source>
        <translation>反向传播 {count} — {name}{mean}：{delta}；∂L/∂w = {edges}，∂L/∂b = δ</translation>
    </message>
    <message>
        <source>({activation} and cross-entropy together: ∂L/∂a·f′(z) simplifies to a − t)</source>
        <translation>（{activation} 与交叉熵合在一起：∂L/∂a·f′(z) 化简为 a − t）</translation>
    </message>
    <message>
        <source>softmax and cross-entropy together; the targets sum to {sum}, not 1</source>
        <translation>softmax 与交叉熵合在一起；目标值之和为 {sum}，而不是 1</translation>
    </message>
    <message>
        <source>softmax and cross-entropy together; the target rows do not all sum to 1</source>
        <translation>softmax 与交叉熵合在一起；并非每行目标值之和都为 1</translation>
    </message>
    <message>
        <source>∂L/∂a = {grad_a} from the neurons it feeds, f′(z) = {slope}; δ = (a − t) + {back} = {delta} ({activation} and cross-entropy give a − t, the neurons it feeds add their ∂L/∂a·f′(z))</source>
        <translation>来自它所连向的神经元的 ∂L/∂a = {grad_a}，f′(z) = {slope}；δ = (a − t) + {back} = {delta}（{activation} 与交叉熵给出 a − t，它所连向的神经元再加上各自的 ∂L/∂a·f′(z)）</translation>
    </message>
    <message>
        <source>(each sample multiplies its own two, so the means need not multiply)</source>
        <translation>（每个样本各自相乘，所以平均值之间不一定满足乘积关系）</translation>
    </message>
    <message>
        <source>… {count} more ({sum})</source>
        <translation>… 另有 {count} 项（{sum}）</translation>
    </message>
</context>
<context>
    <name>XRayActions</name>
    <message>
        <source>step mode on / off</source>
        <extracomment>(keys, what they do); translate both with the &quot;XRayActions&quot; context</extracomment>
        <translation>打开 / 关闭逐步模式</translation>
    </message>
    <message>
        <source>→  or  .</source>
        <translation>→ 或 .</translation>
    </message>
    <message>
        <source>forward step: the next neuron, then the loss</source>
        <translation>前向一步：下一个神经元，最后是损失</translation>
    </message>
    <message>
        <source>←  or  ,</source>
        <translation>← 或 ,</translation>
    </message>
    <message>
        <source>backward step: the next neuron from the loss back</source>
        <translation>反向一步：从损失往回的下一个神经元</translation>
    </message>
    <message>
        <source>run the whole pass</source>
        <translation>运行完整的一次传播</translation>
    </message>
    <message>
        <source>apply the update w ← w − η·∂L/∂w</source>
        <translation>应用更新 w ← w − η·∂L/∂w</translation>
    </message>
    <message>
        <source>restart the pass</source>
        <translation>重新开始这次传播</translation>
    </message>
    <message>
        <source>leave step mode</source>
        <translation>退出逐步模式</translation>
    </message>
    <message>
        <source>&amp;Step Through a Pass</source>
        <translation>逐步查看一次传播(&amp;S)</translation>
    </message>
    <message>
        <source>Show every neuron&apos;s numbers on the canvas, one step at a time</source>
        <translation>在画布上一步一步显示每个神经元的数值</translation>
    </message>
    <message>
        <source>&amp;Forward Step</source>
        <translation>前向一步(&amp;F)</translation>
    </message>
    <message>
        <source>Compute the next neuron</source>
        <translation>计算下一个神经元</translation>
    </message>
    <message>
        <source>&amp;Backward Step</source>
        <translation>反向一步(&amp;B)</translation>
    </message>
    <message>
        <source>Backpropagate through the next neuron</source>
        <translation>对下一个神经元做反向传播</translation>
    </message>
    <message>
        <source>Run the Whole &amp;Pass</source>
        <translation>运行完整传播(&amp;P)</translation>
    </message>
    <message>
        <source>Apply the &amp;Update</source>
        <translation>应用更新(&amp;U)</translation>
    </message>
    <message>
        <source>One gradient step, undoable</source>
        <translation>一步梯度下降，可撤销</translation>
    </message>
    <message>
        <source>&amp;Restart the Pass</source>
        <translation>重新开始传播(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Leave Step Mode</source>
        <translation>退出逐步模式(&amp;L)</translation>
    </message>
    <message>
        <source>Backprop X-ray &amp;Tour…</source>
        <translation>反向传播 X 光导览(&amp;T)…</translation>
    </message>
    <message>
        <source>X-ray &amp;Keys</source>
        <translation>X 光按键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;X-ray</source>
        <translation>X 光(&amp;X)</translation>
    </message>
    <message>
        <source>X-ray keys</source>
        <translation>X 光按键</translation>
    </message>
    <message>
        <source>With the canvas focused:</source>
        <translation>画布获得焦点时：</translation>
    </message>
</context>
<context>
    <name>XRaySession</name>
    <message>
        <source>no document</source>
        <extracomment>a different document (and scene) is shown the pass changed: True when the network&apos;s structure, settings or samples changed neurons moved: labels must follow the canvas selection changed training started (True) or stopped running (False)</extracomment>
        <translation>没有打开的文档</translation>
    </message>
    <message>
        <source>minibatch of {batch}: samples {first}–{last} of {n} (values are means)</source>
        <translation>{batch} 个样本的小批量：第 {first}–{last} 个样本，共 {n} 个（数值为平均值）</translation>
    </message>
    <message>
        <source>, … ({count} inputs)</source>
        <translation>，…（共 {count} 个输入）</translation>
    </message>
    <message>
        <source>class {name}</source>
        <translation>类别 {name}</translation>
    </message>
    <message>
        <source>sequence {k} of {n}, its first step: {xs} → target {target}</source>
        <translation>第 {k} 个序列，共 {n} 个，它的第一步：{xs} → 目标值 {target}</translation>
    </message>
    <message>
        <source>sample {index} of {n}: {inputs} → target {target}</source>
        <translation>第 {index} 个样本，共 {n} 个：{inputs} → 目标值 {target}</translation>
    </message>
</context>
<context>
    <name>tile</name>
    <message>
        <source>Drag onto the canvas, or click to add at its centre.</source>
        <translation>拖到画布上，或单击添加到画布中央。</translation>
    </message>
</context>
</TS>
