<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CalculatorWindow</name>
    <message>
        <source>Clear all answers</source>
        <translation>Clear all answers</translation>
    </message>
    <message>
        <source>Clear all {count} answers? This cannot be undone.</source>
        <translation>Clear all {count} answers? This cannot be undone.</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Clear all</translation>
    </message>
    <message>
        <source>Keep answers</source>
        <translation>Keep answers</translation>
    </message>
    <message>
        <source>LTC Disability Assessment Workstation — {form}</source>
        <translation>LTC Disability Assessment Workstation — {form}</translation>
    </message>
    <message>
        <source>Clear all answers…</source>
        <translation>Clear all answers…</translation>
    </message>
    <message>
        <source>Remove every answer and start again</source>
        <translation>Remove every answer and start again</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <source>Answered {answered} of {total} items</source>
        <translation>Answered {answered} of {total} items</translation>
    </message>
</context>
<context>
    <name>ItemCard</name>
    <message>
        <source>Not answered</source>
        <translation>Not answered</translation>
    </message>
    <message>
        <source>Chosen: {score} pts</source>
        <translation>Chosen: {score} pts</translation>
    </message>
</context>
<context>
    <name>ItemNavigator</name>
    <message>
        <source>Answered</source>
        <translation>Answered</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>Not answered</translation>
    </message>
</context>
<context>
    <name>OptionRow</name>
    <message>
        <source>{score} pts</source>
        <translation>{score} pts</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <source>Disability grade</source>
        <translation>Disability grade</translation>
    </message>
    <message>
        <source>Dimension scores and levels</source>
        <translation>Dimension scores and levels</translation>
    </message>
    <message>
        <source>Form and scoring engine</source>
        <translation>Form and scoring engine</translation>
    </message>
    <message>
        <source>Grade {code}</source>
        <translation>Grade {code}</translation>
    </message>
    <message>
        <source>Combination table: {status}</source>
        <translation>Combination table: {status}</translation>
    </message>
    <message>
        <source>Level thresholds: {status}</source>
        <translation>Level thresholds: {status}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Not complete: {missing} of {total} items still to answer</source>
        <translation>Not complete: {missing} of {total} items still to answer</translation>
    </message>
    <message>
        <source>Form {form_id}, version {version}</source>
        <translation>Form {form_id}, version {version}</translation>
    </message>
    <message>
        <source>Form data SHA-256: {digest}…</source>
        <translation>Form data SHA-256: {digest}…</translation>
    </message>
    <message>
        <source>Scoring engine version {version}</source>
        <translation>Scoring engine version {version}</translation>
    </message>
    <message>
        <source>Items and wording: {status}</source>
        <translation>Items and wording: {status}</translation>
    </message>
</context>
<context>
    <name>TraceView</name>
    <message>
        <source>How the grade is reached</source>
        <translation>How the grade is reached</translation>
    </message>
    <message>
        <source>{dimension}: {answered} of {total} answered, no level yet</source>
        <translation>{dimension}: {answered} of {total} answered, no level yet</translation>
    </message>
    <message>
        <source>{dimension}: sum {score} → {level} (range {low} to {high})</source>
        <translation>{dimension}: sum {score} → {level} (range {low} to {high})</translation>
    </message>
    <message>
        <source>The grade is looked up in the table once every item is answered.</source>
        <translation>The grade is looked up in the table once every item is answered.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>{dimension} ({level})</source>
        <translation>{dimension} ({level})</translation>
    </message>
    <message>
        <source>Table cell: row {row_level} ({row_dimension}) × column {column_level} (the worse level) → grade {code}: {grade}</source>
        <translation>Table cell: row {row_level} ({row_dimension}) × column {column_level} (the worse level) → grade {code}: {grade}</translation>
    </message>
    <message>
        <source>Compared: {compared} → the worse is {level}</source>
        <translation>Compared: {compared} → the worse is {level}</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Answered {answered}/{total}</source>
        <translation>Answered {answered}/{total}</translation>
    </message>
    <message>
        <source>Score {score}/{max} · {level}</source>
        <translation>Score {score}/{max} · {level}</translation>
    </message>
    <message>
        <source>to be verified</source>
        <translation>to be verified</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>verified</translation>
    </message>
</context>
</TS>
