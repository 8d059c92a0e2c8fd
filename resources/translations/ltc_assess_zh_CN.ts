<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CalculatorWindow</name>
    <message>
        <source>Clear all answers</source>
        <translation>清空全部答案</translation>
    </message>
    <message>
        <source>Clear all {count} answers? This cannot be undone.</source>
        <translation>确定清空全部 {count} 个答案吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>全部清空</translation>
    </message>
    <message>
        <source>Keep answers</source>
        <translation>保留答案</translation>
    </message>
    <message>
        <source>LTC Disability Assessment Workstation — {form}</source>
        <translation>长护险失能等级评估工作站 — {form}</translation>
    </message>
    <message>
        <source>Clear all answers…</source>
        <translation>清空全部答案…</translation>
    </message>
    <message>
        <source>Remove every answer and start again</source>
        <translation>删除全部答案，重新开始</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Answered {answered} of {total} items</source>
        <translation>已答 {answered}/{total} 项</translation>
    </message>
</context>
<context>
    <name>ItemCard</name>
    <message>
        <source>Not answered</source>
        <translation>未作答</translation>
    </message>
    <message>
        <source>Chosen: {score} pts</source>
        <translation>已选：{score} 分</translation>
    </message>
</context>
<context>
    <name>ItemNavigator</name>
    <message>
        <source>Answered</source>
        <translation>已答</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>未作答</translation>
    </message>
</context>
<context>
    <name>OptionRow</name>
    <message>
        <source>{score} pts</source>
        <translation>{score} 分</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <source>Disability grade</source>
        <translation>失能等级</translation>
    </message>
    <message>
        <source>Dimension scores and levels</source>
        <translation>各维度得分与等级</translation>
    </message>
    <message>
        <source>Form and scoring engine</source>
        <translation>评估表与评分引擎</translation>
    </message>
    <message>
        <source>Grade {code}</source>
        <translation>{code} 级</translation>
    </message>
    <message>
        <source>Combination table: {status}</source>
        <translation>组合表：{status}</translation>
    </message>
    <message>
        <source>Level thresholds: {status}</source>
        <translation>分级阈值：{status}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Not complete: {missing} of {total} items still to answer</source>
        <translation>尚未完成：{total} 项中还有 {missing} 项未作答</translation>
    </message>
    <message>
        <source>Form {form_id}, version {version}</source>
        <translation>评估表 {form_id}，版本 {version}</translation>
    </message>
    <message>
        <source>Form data SHA-256: {digest}…</source>
        <translation>评估表数据 SHA-256：{digest}…</translation>
    </message>
    <message>
        <source>Scoring engine version {version}</source>
        <translation>评分引擎版本 {version}</translation>
    </message>
    <message>
        <source>Items and wording: {status}</source>
        <translation>评估项目与选项文字：{status}</translation>
    </message>
</context>
<context>
    <name>TraceView</name>
    <message>
        <source>How the grade is reached</source>
        <translation>计算过程</translation>
    </message>
    <message>
        <source>{dimension}: {answered} of {total} answered, no level yet</source>
        <translation>{dimension}：已答 {answered}/{total}，尚无等级</translation>
    </message>
    <message>
        <source>{dimension}: sum {score} → {level} (range {low} to {high})</source>
        <translation>{dimension}：合计 {score} 分 → {level}（分级范围 {low}～{high} 分）</translation>
    </message>
    <message>
        <source>The grade is looked up in the table once every item is answered.</source>
        <translation>全部项目作答后，按组合表确定等级。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{dimension} ({level})</source>
        <translation>{dimension}（{level}）</translation>
    </message>
    <message>
        <source>Table cell: row {row_level} ({row_dimension}) × column {column_level} (the worse level) → grade {code}: {grade}</source>
        <translation>组合表：行 {row_level}（{row_dimension}）× 列 {column_level}（较差等级）→ {code} 级：{grade}</translation>
    </message>
    <message>
        <source>Compared: {compared} → the worse is {level}</source>
        <translation>比较：{compared} → 较差者为 {level}</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Answered {answered}/{total}</source>
        <translation>已答 {answered}/{total}</translation>
    </message>
    <message>
        <source>Score {score}/{max} · {level}</source>
        <translation>得分 {score}/{max} · {level}</translation>
    </message>
    <message>
        <source>to be verified</source>
        <translation>待核实</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已核实</translation>
    </message>
</context>
</TS>
