<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About</source>
        <translation>About</translation>
    </message>
    <message>
        <source>LTC Disability Assessment Workstation</source>
        <translation>LTC Disability Assessment Workstation</translation>
    </message>
    <message>
        <source>Licence: GNU General Public License, version 3 or later (GPL-3.0-or-later)</source>
        <translation>Licence: GNU General Public License, version 3 or later (GPL-3.0-or-later)</translation>
    </message>
    <message>
        <source>This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version. It is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.</source>
        <translation>This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version. It is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.</translation>
    </message>
    <message>
        <source>The full licence text is in the file LICENSE next to the program. The corresponding source is the archive ltc-assess-{version}-source.tar.gz distributed with this package; SOURCES.md, next to the program, says where the source of every bundled component is published. Select ltc-assess below to read both.</source>
        <translation>The full licence text is in the file LICENSE next to the program. The corresponding source is the archive ltc-assess-{version}-source.tar.gz distributed with this package; SOURCES.md, next to the program, says where the source of every bundled component is published. Select ltc-assess below to read both.</translation>
    </message>
    <message>
        <source>This application ships the following font and libraries. Select one to read its licence.</source>
        <translation>This application ships the following font and libraries. Select one to read its licence.</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Component</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licence</translation>
    </message>
    <message>
        <source>Select a component to read its licence.</source>
        <translation>Select a component to read its licence.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>The licence file cannot be read: {problem}</source>
        <translation>The licence file cannot be read: {problem}</translation>
    </message>
</context>
<context>
    <name>AccountWording</name>
    <message>
        <source>Assessor</source>
        <translation>Assessor</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>{name} ({number})</source>
        <translation>{name} ({number})</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>The administration data cannot be shown</source>
        <translation>The administration data cannot be shown</translation>
    </message>
    <message>
        <source>set</source>
        <translation>set</translation>
    </message>
    <message>
        <source>not set (chosen at first sign-in)</source>
        <translation>not set (chosen at first sign-in)</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Demo mode: sign in as the demo administrator DEMO-M-001 (passphrase demo-m-001) to import packages and change settings. Every user manages their own signing certificate here.</source>
        <translation>Demo mode: sign in as the demo administrator DEMO-M-001 (passphrase demo-m-001) to import packages and change settings. Every user manages their own signing certificate here.</translation>
    </message>
    <message>
        <source>Agency</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>Code:</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <source>CA fingerprint (SHA-256):</source>
        <translation>CA fingerprint (SHA-256):</translation>
    </message>
    <message>
        <source>Import agency provisioning package…</source>
        <translation>Import agency provisioning package…</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <source>Verify the audit log</source>
        <translation>Verify the audit log</translation>
    </message>
    <message>
        <source>People of the agency</source>
        <translation>People of the agency</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Expert number</source>
        <translation>Expert number</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Signing certificate</source>
        <translation>Signing certificate</translation>
    </message>
    <message>
        <source>Import signing certificate (PKCS#12)…</source>
        <translation>Import signing certificate (PKCS#12)…</translation>
    </message>
    <message>
        <source>Generate demo signing certificate…</source>
        <translation>Generate demo signing certificate…</translation>
    </message>
    <message>
        <source>Import an agency provisioning package</source>
        <translation>Import an agency provisioning package</translation>
    </message>
    <message>
        <source>Provisioning packages (*.ltc-provisioning.json *.json)</source>
        <translation>Provisioning packages (*.ltc-provisioning.json *.json)</translation>
    </message>
    <message>
        <source>The package was not imported</source>
        <translation>The package was not imported</translation>
    </message>
    <message>
        <source>Package imported</source>
        <translation>Package imported</translation>
    </message>
    <message>
        <source>This package was imported before; nothing was changed.</source>
        <translation>This package was imported before; nothing was changed.</translation>
    </message>
    <message>
        <source>{name} ({code}): {added} added, {updated} updated, {deactivated} deactivated, {certificates} certificate(s) stored.</source>
        <translation>{name} ({code}): {added} added, {updated} updated, {deactivated} deactivated, {certificates} certificate(s) stored.</translation>
    </message>
    <message>
        <source>Import a signing certificate</source>
        <translation>Import a signing certificate</translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx)</source>
        <translation>PKCS#12 files (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>Import signing certificate</source>
        <translation>Import signing certificate</translation>
    </message>
    <message>
        <source>{person}: the password of the PKCS#12 file (given by the agency), and the personal passphrase of {person}, which protects the key on this workstation.</source>
        <translation>{person}: the password of the PKCS#12 file (given by the agency), and the personal passphrase of {person}, which protects the key on this workstation.</translation>
    </message>
    <message>
        <source>File password:</source>
        <translation>File password:</translation>
    </message>
    <message>
        <source>Expert&apos;s passphrase:</source>
        <translation>Expert&apos;s passphrase:</translation>
    </message>
    <message>
        <source>Generate demo signing certificate</source>
        <translation>Generate demo signing certificate</translation>
    </message>
    <message>
        <source>The demo CA issues a new signing certificate for {person}, for trying out only. The personal passphrase of {person} protects the new key.</source>
        <translation>The demo CA issues a new signing certificate for {person}, for trying out only. The personal passphrase of {person} protects the new key.</translation>
    </message>
    <message>
        <source>The audit log is intact: {count} events. Head:
{hash}</source>
        <translation>The audit log is intact: {count} events. Head:
{hash}</translation>
    </message>
    <message>
        <source>No signing certificate was stored</source>
        <translation>No signing certificate was stored</translation>
    </message>
    <message>
        <source>Signing certificate stored</source>
        <translation>Signing certificate stored</translation>
    </message>
    <message>
        <source>{person} can sign now. {validity}</source>
        <translation>{person} can sign now. {validity}</translation>
    </message>
    <message>
        <source>No agency yet: import the provisioning package the agency gave you.</source>
        <translation>No agency yet: import the provisioning package the agency gave you.</translation>
    </message>
    <message>
        <source>Demo agency (fictitious, for training)</source>
        <translation>Demo agency (fictitious, for training)</translation>
    </message>
    <message>
        <source>Agency (real data)</source>
        <translation>Agency (real data)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>valid until {date}</source>
        <translation>valid until {date}</translation>
    </message>
</context>
<context>
    <name>AttachmentDialog</name>
    <message>
        <source>Scan: {name}</source>
        <translation>Scan: {name}</translation>
    </message>
    <message>
        <source>{name} · {type} · {size}</source>
        <translation>{name} · {type} · {size}</translation>
    </message>
    <message>
        <source>This file is not shown here (PDF or an image format this computer cannot display). It is stored encrypted and intact.</source>
        <translation>This file is not shown here (PDF or an image format this computer cannot display). It is stored encrypted and intact.</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <source>Save the backup as</source>
        <translation>Save the backup as</translation>
    </message>
    <message>
        <source>Backup files (*.ltcbak)</source>
        <translation>Backup files (*.ltcbak)</translation>
    </message>
    <message>
        <source>Writing the encrypted backup…</source>
        <translation>Writing the encrypted backup…</translation>
    </message>
    <message>
        <source>Backup failed</source>
        <translation>Backup failed</translation>
    </message>
    <message>
        <source>Backup saved</source>
        <translation>Backup saved</translation>
    </message>
    <message>
        <source>The encrypted backup was saved to:
{path}

{members} files, {size}. {protection}</source>
        <translation>The encrypted backup was saved to:
{path}

{members} files, {size}. {protection}</translation>
    </message>
    <message>
        <source>It can also be restored on another computer with its passphrase.</source>
        <translation>It can also be restored on another computer with its passphrase.</translation>
    </message>
    <message>
        <source>It can be restored on this computer.</source>
        <translation>It can be restored on this computer.</translation>
    </message>
    <message>
        <source>Choose the backup to restore</source>
        <translation>Choose the backup to restore</translation>
    </message>
    <message>
        <source>Backup files (*.ltcbak);;All files (*)</source>
        <translation>Backup files (*.ltcbak);;All files (*)</translation>
    </message>
    <message>
        <source>Verifying the whole backup, then restoring…</source>
        <translation>Verifying the whole backup, then restoring…</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>Restore failed</translation>
    </message>
    <message>
        <source>Restore complete</source>
        <translation>Restore complete</translation>
    </message>
    <message>
        <source>The backup was verified completely and restored.
Backup made at: {created}
Files: {members}</source>
        <translation>The backup was verified completely and restored.
Backup made at: {created}
Files: {members}</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Restore a backup</translation>
    </message>
    <message>
        <source>Restore the backup {name}?

All case records on this computer will be replaced by the contents of the backup; changes made since the backup was taken are lost.

The backup file is first verified completely (every part decrypted and checked). If anything is wrong with it, nothing is replaced and the current data stays as it is.</source>
        <translation>Restore the backup {name}?

All case records on this computer will be replaced by the contents of the backup; changes made since the backup was taken are lost.

The backup file is first verified completely (every part decrypted and checked). If anything is wrong with it, nothing is replaced and the current data stays as it is.</translation>
    </message>
    <message>
        <source>Verify and restore</source>
        <translation>Verify and restore</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>Backup passphrase</translation>
    </message>
    <message>
        <source>This backup was made on another computer. Enter its backup passphrase:</source>
        <translation>This backup was made on another computer. Enter its backup passphrase:</translation>
    </message>
    <message>
        <source>The case data cannot be opened</source>
        <translation>The case data cannot be opened</translation>
    </message>
</context>
<context>
    <name>BackupPassphraseDialog</name>
    <message>
        <source>Backup options</source>
        <translation>Backup options</translation>
    </message>
    <message>
        <source>Without a backup passphrase, the backup can be restored only on this computer (it is encrypted with this computer&apos;s data key). Set a backup passphrase to be able to restore it on a new laptop.</source>
        <translation>Without a backup passphrase, the backup can be restored only on this computer (it is encrypted with this computer&apos;s data key). Set a backup passphrase to be able to restore it on a new laptop.</translation>
    </message>
    <message>
        <source>Also protect this backup with a passphrase</source>
        <translation>Also protect this backup with a passphrase</translation>
    </message>
    <message>
        <source>Backup passphrase:</source>
        <translation>Backup passphrase:</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>Repeat:</translation>
    </message>
    <message>
        <source>Create backup</source>
        <translation>Create backup</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>The two passphrases differ.</translation>
    </message>
</context>
<context>
    <name>BundleExportDialog</name>
    <message>
        <source>Export the data bundle</source>
        <translation>Export the data bundle</translation>
    </message>
    <message>
        <source>The signed record, report, audit log and video are written as one encrypted, signed bundle for the agency. Both experts of the visit unlock their signing keys.</source>
        <translation>The signed record, report, audit log and video are written as one encrypted, signed bundle for the agency. Both experts of the visit unlock their signing keys.</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Output folder</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Passphrase of {name} ({number})</source>
        <translation>Passphrase of {name} ({number})</translation>
    </message>
    <message>
        <source>Part size</source>
        <translation>Part size</translation>
    </message>
    <message>
        <source>The bundle is split into parts of at most this size, so a transfer can be checked and resumed part by part</source>
        <translation>The bundle is split into parts of at most this size, so a transfer can be checked and resumed part by part</translation>
    </message>
    <message>
        <source>Start export</source>
        <translation>Start export</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Folder for the bundle</source>
        <translation>Folder for the bundle</translation>
    </message>
    <message>
        <source>Choose an existing output folder first.</source>
        <translation>Choose an existing output folder first.</translation>
    </message>
    <message>
        <source>Both experts enter their passphrases.</source>
        <translation>Both experts enter their passphrases.</translation>
    </message>
    <message>
        <source>Unlocking the signing keys and collecting the files…</source>
        <translation>Unlocking the signing keys and collecting the files…</translation>
    </message>
    <message>
        <source>Cancelling… the partial output is being removed.</source>
        <translation>Cancelling… the partial output is being removed.</translation>
    </message>
    <message>
        <source>Export cancelled. The partial output was removed; nothing was written.</source>
        <translation>Export cancelled. The partial output was removed; nothing was written.</translation>
    </message>
    <message>
        <source>{done} MB of {total} MB · {rate} MB/s · {left} left</source>
        <translation>{done} MB of {total} MB · {rate} MB/s · {left} left</translation>
    </message>
    <message>
        <source>{total} MB written and re-read in {time} ({rate} MB/s).</source>
        <translation>{total} MB written and re-read in {time} ({rate} MB/s).</translation>
    </message>
    <message>
        <source>The bundle is complete: {parts} part(s) in
{folder}
Hand in or upload this whole folder.</source>
        <translation>The bundle is complete: {parts} part(s) in
{folder}
Hand in or upload this whole folder.</translation>
    </message>
</context>
<context>
    <name>BundleImportDialog</name>
    <message>
        <source>Import a data bundle</source>
        <translation>Import a data bundle</translation>
    </message>
    <message>
        <source>The bundle is decrypted and every check is run first: signatures, file hashes, the video and audit chains, the report&apos;s signatures and the score. A bundle that fails any check is quarantined, not imported.</source>
        <translation>The bundle is decrypted and every check is run first: signatures, file hashes, the video and audit chains, the report&apos;s signatures and the score. A bundle that fails any check is quarantined, not imported.</translation>
    </message>
    <message>
        <source>Bundle folder</source>
        <translation>Bundle folder</translation>
    </message>
    <message>
        <source>Agency identity file</source>
        <translation>Agency identity file</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Import and verify</source>
        <translation>Import and verify</translation>
    </message>
    <message>
        <source>Open the record</source>
        <translation>Open the record</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Bundle folder (bundle-…)</source>
        <translation>Bundle folder (bundle-…)</translation>
    </message>
    <message>
        <source>age identity (*.txt *.key);;All files (*)</source>
        <translation>age identity (*.txt *.key);;All files (*)</translation>
    </message>
    <message>
        <source>Choose the bundle folder (the folder that holds index.json).</source>
        <translation>Choose the bundle folder (the folder that holds index.json).</translation>
    </message>
    <message>
        <source>Choose the agency&apos;s identity file.</source>
        <translation>Choose the agency&apos;s identity file.</translation>
    </message>
    <message>
        <source>Decrypting and verifying… large bundles take a few minutes.</source>
        <translation>Decrypting and verifying… large bundles take a few minutes.</translation>
    </message>
    <message>
        <source>Imported: every check passed. The record is in the review queue.</source>
        <translation>Imported: every check passed. The record is in the review queue.</translation>
    </message>
    <message>
        <source>Already imported: this bundle, or another bundle of the same visit, is already on this workstation. Nothing was changed.</source>
        <translation>Already imported: this bundle, or another bundle of the same visit, is already on this workstation. Nothing was changed.</translation>
    </message>
    <message>
        <source>(the copy failed)</source>
        <translation>(the copy failed)</translation>
    </message>
    <message>
        <source>Quarantined: {count} check(s) failed, nothing was imported. The bundle was put aside in {path}</source>
        <translation>Quarantined: {count} check(s) failed, nothing was imported. The bundle was put aside in {path}</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>passed</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>FAILED</translation>
    </message>
</context>
<context>
    <name>CalculatorPage</name>
    <message>
        <source>Clear all answers…</source>
        <translation>Clear all answers…</translation>
    </message>
    <message>
        <source>Remove every answer and start again</source>
        <translation>Remove every answer and start again</translation>
    </message>
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
        <source>Answered {answered} of {total} items</source>
        <translation>Answered {answered} of {total} items</translation>
    </message>
</context>
<context>
    <name>CalculatorWindow</name>
    <message>
        <source>LTC Disability Assessment Workstation — {form}</source>
        <translation>LTC Disability Assessment Workstation — {form}</translation>
    </message>
</context>
<context>
    <name>CaseDecisionPanel</name>
    <message>
        <source>Fetch review results</source>
        <translation>Fetch review results</translation>
    </message>
    <message>
        <source>Open the new review case</source>
        <translation>Open the new review case</translation>
    </message>
    <message>
        <source>Ask the agency server now for the reviewers&apos; decisions on the cases this laptop uploaded</source>
        <translation>Ask the agency server now for the reviewers&apos; decisions on the cases this laptop uploaded</translation>
    </message>
    <message>
        <source>Review decision: {decision} · {reviewer} ({number}) · {time} UTC</source>
        <translation>Review decision: {decision} · {reviewer} ({number}) · {time} UTC</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>A decision on the agency server was not accepted by this laptop and stays there (nothing was changed): {why}</source>
        <translation>A decision on the agency server was not accepted by this laptop and stays there (nothing was changed): {why}</translation>
    </message>
    <message>
        <source>{count} new review decision(s) applied.</source>
        <translation>{count} new review decision(s) applied.</translation>
    </message>
    <message>
        <source>No new review decisions on the agency server.</source>
        <translation>No new review decisions on the agency server.</translation>
    </message>
    <message>
        <source>The review results could not be fetched: {why}</source>
        <translation>The review results could not be fetched: {why}</translation>
    </message>
</context>
<context>
    <name>CaseDetailPage</name>
    <message>
        <source>The case cannot be opened</source>
        <translation>The case cannot be opened</translation>
    </message>
    <message>
        <source>← Case list</source>
        <translation>← Case list</translation>
    </message>
    <message>
        <source>Export data bundle…</source>
        <translation>Export data bundle…</translation>
    </message>
    <message>
        <source>Write the signed record with its video as an encrypted bundle for the agency</source>
        <translation>Write the signed record with its video as an encrypted bundle for the agency</translation>
    </message>
    <message>
        <source>{name} · {application_type}</source>
        <translation>{name} · {application_type}</translation>
    </message>
    <message>
        <source>Resume the visit…</source>
        <translation>Resume the visit…</translation>
    </message>
    <message>
        <source>Start the visit…</source>
        <translation>Start the visit…</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Materials ({missing} missing)</source>
        <translation>Materials ({missing} missing)</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>Materials</translation>
    </message>
    <message>
        <source>Self-assessment</source>
        <translation>Self-assessment</translation>
    </message>
    <message>
        <source>Record versions ({count})</source>
        <translation>Record versions ({count})</translation>
    </message>
    <message>
        <source>Record versions</source>
        <translation>Record versions</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <source>Masked; assigned experts can show the full number in the case</source>
        <translation>Masked; assigned experts can show the full number in the case</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>Task number</source>
        <translation>Task number</translation>
    </message>
    <message>
        <source>Application type</source>
        <translation>Application type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>Received on</translation>
    </message>
    <message>
        <source>Planned visit</source>
        <translation>Planned visit</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <source>Search failed</source>
        <translation>Search failed</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>Search by name, ID number (or its beginning) or task number</source>
        <translation>Search by name, ID number (or its beginning) or task number</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Open case</translation>
    </message>
    <message>
        <source>Click on Applicant, Received on or Planned visit to sort</source>
        <translation>Click on Applicant, Received on or Planned visit to sort</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>{total} cases found, {shown} shown</source>
        <translation>{total} cases found, {shown} shown</translation>
    </message>
    <message>
        <source>{total} cases found</source>
        <translation>{total} cases found</translation>
    </message>
</context>
<context>
    <name>CaseOverview</name>
    <message>
        <source>not agreed yet</source>
        <translation>not agreed yet</translation>
    </message>
    <message>
        <source>not assigned yet</source>
        <translation>not assigned yet</translation>
    </message>
    <message>
        <source>no signed grade</source>
        <translation>no signed grade</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Earlier applications of this person</source>
        <translation>Earlier applications of this person</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>ID number:</translation>
    </message>
    <message>
        <source>Sex:</source>
        <translation>Sex:</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>Born:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Task number:</source>
        <translation>Task number:</translation>
    </message>
    <message>
        <source>Application type:</source>
        <translation>Application type:</translation>
    </message>
    <message>
        <source>Insurance:</source>
        <translation>Insurance:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Received on:</source>
        <translation>Received on:</translation>
    </message>
    <message>
        <source>Planned visit:</source>
        <translation>Planned visit:</translation>
    </message>
    <message>
        <source>Assessors:</source>
        <translation>Assessors:</translation>
    </message>
    <message>
        <source>Show full number</source>
        <translation>Show full number</translation>
    </message>
    <message>
        <source>For the assessors of this case; shown for 30 seconds</source>
        <translation>For the assessors of this case; shown for 30 seconds</translation>
    </message>
    <message>
        <source>None: this is the person&apos;s first application on record.</source>
        <translation>None: this is the person&apos;s first application on record.</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>Applied on</translation>
    </message>
    <message>
        <source>Application type</source>
        <translation>Application type</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Grade</translation>
    </message>
</context>
<context>
    <name>CaseUploadPanel</name>
    <message>
        <source>Upload</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>Send the exported bundle to the agency server; the upload queue resumes it after a cut or a restart</source>
        <translation>Send the exported bundle to the agency server; the upload queue resumes it after a cut or a restart</translation>
    </message>
    <message>
        <source>Where is the bundle folder?</source>
        <translation>Where is the bundle folder?</translation>
    </message>
    <message>
        <source>The bundle cannot be uploaded</source>
        <translation>The bundle cannot be uploaded</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct version {version}</source>
        <translation>Correct version {version}</translation>
    </message>
    <message>
        <source>Version {version} is signed and stays as it is. The correction becomes version {next}, starting from the same answers; the author and the reason are recorded with it.</source>
        <translation>Version {version} is signed and stays as it is. The correction becomes version {next}, starting from the same answers; the author and the reason are recorded with it.</translation>
    </message>
    <message>
        <source>What is wrong in the signed record, and how it was found</source>
        <translation>What is wrong in the signed record, and how it was found</translation>
    </message>
    <message>
        <source>At least {count} characters.</source>
        <translation>At least {count} characters.</translation>
    </message>
    <message>
        <source>Create new version</source>
        <translation>Create new version</translation>
    </message>
    <message>
        <source>Corrected by:</source>
        <translation>Corrected by:</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Reason:</translation>
    </message>
</context>
<context>
    <name>DashboardCharts</name>
    <message>
        <source>Grade shares per assessor against the whole agency</source>
        <translation>Grade shares per assessor against the whole agency</translation>
    </message>
    <message>
        <source>⚠ {assessor} (outlier)</source>
        <translation>⚠ {assessor} (outlier)</translation>
    </message>
    <message>
        <source>Share of severe grades (重度失能 I–III) per month</source>
        <translation>Share of severe grades (重度失能 I–III) per month</translation>
    </message>
    <message>
        <source>% of visits</source>
        <translation>% of visits</translation>
    </message>
    <message>
        <source>Returned and re-check (复核) rate per assessor</source>
        <translation>Returned and re-check (复核) rate per assessor</translation>
    </message>
    <message>
        <source>returned rate</source>
        <translation>returned rate</translation>
    </message>
    <message>
        <source>re-check rate</source>
        <translation>re-check rate</translation>
    </message>
    <message>
        <source>% of decided records</source>
        <translation>% of decided records</translation>
    </message>
    <message>
        <source>Visits per day</source>
        <translation>Visits per day</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>visits</translation>
    </message>
    <message>
        <source>Median visit duration per assessor</source>
        <translation>Median visit duration per assessor</translation>
    </message>
    <message>
        <source>median (minutes)</source>
        <translation>median (minutes)</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutes</translation>
    </message>
    <message>
        <source>Answers changed per visit, per assessor</source>
        <translation>Answers changed per visit, per assessor</translation>
    </message>
    <message>
        <source>changes per visit</source>
        <translation>changes per visit</translation>
    </message>
    <message>
        <source>Dual-entry agreement per assessor</source>
        <translation>Dual-entry agreement per assessor</translation>
    </message>
    <message>
        <source>agreement rate</source>
        <translation>agreement rate</translation>
    </message>
    <message>
        <source>% of items alike</source>
        <translation>% of items alike</translation>
    </message>
    <message>
        <source>Flagged re-applicants by number of applications</source>
        <translation>Flagged re-applicants by number of applications</translation>
    </message>
    <message>
        <source>people</source>
        <translation>people</translation>
    </message>
    <message>
        <source>{count} applications</source>
        <translation>{count} applications</translation>
    </message>
</context>
<context>
    <name>DashboardSection</name>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Save this table as a CSV file (UTF-8 with BOM, opens in Excel)</source>
        <translation>Save this table as a CSV file (UTF-8 with BOM, opens in Excel)</translation>
    </message>
    <message>
        <source>Test per assessor</source>
        <translation>Test per assessor</translation>
    </message>
    <message>
        <source>All figures</source>
        <translation>All figures</translation>
    </message>
    <message>
        <source>No visits in this period</source>
        <translation>No visits in this period</translation>
    </message>
    <message>
        <source>Assessor</source>
        <translation>Assessor</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Chi-square goodness of fit of each assessor&apos;s grades against the whole agency&apos;s shares (df = {df}); tested: {tested} assessors with at least {minimum} visits; outlier when p &lt; α/m = {threshold} (α = {alpha}, Bonferroni). Standardised residuals beyond ±2 are coloured (red: more often than expected). Outliers: {outliers}.</source>
        <translation>Chi-square goodness of fit of each assessor&apos;s grades against the whole agency&apos;s shares (df = {df}); tested: {tested} assessors with at least {minimum} visits; outlier when p &lt; α/m = {threshold} (α = {alpha}, Bonferroni). Standardised residuals beyond ±2 are coloured (red: more often than expected). Outliers: {outliers}.</translation>
    </message>
    <message>
        <source>p-value</source>
        <translation>p-value</translation>
    </message>
    <message>
        <source>Outlier</source>
        <translation>Outlier</translation>
    </message>
    <message>
        <source>residual
{grade}</source>
        <translation>residual
{grade}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>not tested</source>
        <translation>not tested</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>Demo mode · Demo agency (DEMO) — for training and trial only, all data is fictitious</source>
        <translation>Demo mode · Demo agency (DEMO) — for training and trial only, all data is fictitious</translation>
    </message>
    <message>
        <source>Demo logins</source>
        <translation>Demo logins</translation>
    </message>
</context>
<context>
    <name>DemoMode</name>
    <message>
        <source>Demo logins (public, for training only):</source>
        <translation>Demo logins (public, for training only):</translation>
    </message>
    <message>
        <source>{number} / {passphrase} — {name} ({role})</source>
        <translation>{number} / {passphrase} — {name} ({role})</translation>
    </message>
    <message>
        <source>Administrator passphrase of the demo data: {passphrase}</source>
        <translation>Administrator passphrase of the demo data: {passphrase}</translation>
    </message>
</context>
<context>
    <name>DeskBar</name>
    <message>
        <source>The agency server cannot be reached</source>
        <translation>The agency server cannot be reached</translation>
    </message>
    <message>
        <source>Signing in to the agency server failed</source>
        <translation>Signing in to the agency server failed</translation>
    </message>
    <message>
        <source>Shared queue of the agency server {url} — signed in as {number} {name} ({role})</source>
        <translation>Shared queue of the agency server {url} — signed in as {number} {name} ({role})</translation>
    </message>
    <message>
        <source>Signing in to the agency server…</source>
        <translation>Signing in to the agency server…</translation>
    </message>
    <message>
        <source>This workstation&apos;s own records. To work on the agency server&apos;s shared queue, sign in with your passphrase:</source>
        <translation>This workstation&apos;s own records. To work on the agency server&apos;s shared queue, sign in with your passphrase:</translation>
    </message>
    <message>
        <source>Sign in to the agency server</source>
        <translation>Sign in to the agency server</translation>
    </message>
    <message>
        <source>Sign out of the server</source>
        <translation>Sign out of the server</translation>
    </message>
</context>
<context>
    <name>FingerprintConfirmation</name>
    <message>
        <source>Import the agency provisioning package</source>
        <translation>Import the agency provisioning package</translation>
    </message>
    <message>
        <source>demo package</source>
        <translation>demo package</translation>
    </message>
    <message>
        <source>agency package</source>
        <translation>agency package</translation>
    </message>
    <message>
        <source>{name} ({code}), {kind}, {count} people.</source>
        <translation>{name} ({code}), {kind}, {count} people.</translation>
    </message>
    <message>
        <source>This is the first package on this workstation: its CA becomes the one this workstation trusts. Compare the fingerprint below, group by group, with the one the agency gave you on paper or by phone. Import only if they are identical.</source>
        <translation>This is the first package on this workstation: its CA becomes the one this workstation trusts. Compare the fingerprint below, group by group, with the one the agency gave you on paper or by phone. Import only if they are identical.</translation>
    </message>
    <message>
        <source>The package must be signed under the CA this workstation already trusts; this is checked on import. Its CA fingerprint:</source>
        <translation>The package must be signed under the CA this workstation already trusts; this is checked on import. Its CA fingerprint:</translation>
    </message>
    <message>
        <source>Fingerprint matches: import</source>
        <translation>Fingerprint matches: import</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FirstPassphraseDialog</name>
    <message>
        <source>Choose your passphrase</source>
        <translation>Choose your passphrase</translation>
    </message>
    <message>
        <source>{who}: this is your first sign-in on this workstation. Type the one-time enrolment code you were given (by the agency, or by the administrator who added you), then choose your personal passphrase. It protects your signature key, so only you may know it: at least 8 characters, not your name or number, not a common password.</source>
        <translation>{who}: this is your first sign-in on this workstation. Type the one-time enrolment code you were given (by the agency, or by the administrator who added you), then choose your personal passphrase. It protects your signature key, so only you may know it: at least 8 characters, not your name or number, not a common password.</translation>
    </message>
    <message>
        <source>Enrolment code:</source>
        <translation>Enrolment code:</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>New passphrase:</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>Repeat:</translation>
    </message>
    <message>
        <source>Set passphrase</source>
        <translation>Set passphrase</translation>
    </message>
    <message>
        <source>The two passphrases differ; please type them again.</source>
        <translation>The two passphrases differ; please type them again.</translation>
    </message>
</context>
<context>
    <name>FirstUseDialog</name>
    <message>
        <source>First use: set the administrator passphrase</source>
        <translation>First use: set the administrator passphrase</translation>
    </message>
    <message>
        <source>The case data on this computer is stored encrypted. The administrator passphrase unlocks it whenever the system&apos;s credential store cannot provide the key (for example after the user profile or the operating system was reinstalled, or when the data is moved to another computer). Choose at least {minimum} characters and keep the passphrase in a safe place: without it the data cannot be opened in those cases.</source>
        <translation>The case data on this computer is stored encrypted. The administrator passphrase unlocks it whenever the system&apos;s credential store cannot provide the key (for example after the user profile or the operating system was reinstalled, or when the data is moved to another computer). Choose at least {minimum} characters and keep the passphrase in a safe place: without it the data cannot be opened in those cases.</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Repeat passphrase:</source>
        <translation>Repeat passphrase:</translation>
    </message>
    <message>
        <source>Set passphrase and start</source>
        <translation>Set passphrase and start</translation>
    </message>
    <message>
        <source>The two passphrases differ; please type them again.</source>
        <translation>The two passphrases differ; please type them again.</translation>
    </message>
    <message>
        <source>The passphrase is too short: use at least {minimum} characters.</source>
        <translation>The passphrase is too short: use at least {minimum} characters.</translation>
    </message>
    <message>
        <source>The passphrase is too long.</source>
        <translation>The passphrase is too long.</translation>
    </message>
    <message>
        <source>Mix letters, digits or symbols, or use at least 16 characters.</source>
        <translation>Mix letters, digits or symbols, or use at least 16 characters.</translation>
    </message>
    <message>
        <source>Use more different characters.</source>
        <translation>Use more different characters.</translation>
    </message>
    <message>
        <source>A simple sequence such as 12345678 is too easy to guess.</source>
        <translation>A simple sequence such as 12345678 is too easy to guess.</translation>
    </message>
    <message>
        <source>This passphrase is among the most common ones; choose another.</source>
        <translation>This passphrase is among the most common ones; choose another.</translation>
    </message>
    <message>
        <source>This passphrase is too easy to guess; choose another.</source>
        <translation>This passphrase is too easy to guess; choose another.</translation>
    </message>
</context>
<context>
    <name>FlagsBanner</name>
    <message>
        <source>⚠ Re-application check: a reviewer should look at this application</source>
        <translation>⚠ Re-application check: a reviewer should look at this application</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>{count} of 18 characters</source>
        <translation>{count} of 18 characters</translation>
    </message>
    <message>
        <source>Born {date} · {sex} · {age} years old</source>
        <translation>Born {date} · {sex} · {age} years old</translation>
    </message>
    <message>
        <source>The case was not saved</source>
        <translation>The case was not saved</translation>
    </message>
    <message>
        <source>No assessor is registered on this computer yet (ltc-assess experts add).</source>
        <translation>No assessor is registered on this computer yet (ltc-assess experts add).</translation>
    </message>
    <message>
        <source>New application (intake)</source>
        <translation>New application (intake)</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Materials received</source>
        <translation>Materials received</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>ID number:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Insurance:</source>
        <translation>Insurance:</translation>
    </message>
    <message>
        <source>Application type:</source>
        <translation>Application type:</translation>
    </message>
    <message>
        <source>Task number:</source>
        <translation>Task number:</translation>
    </message>
    <message>
        <source>Planned visit:</source>
        <translation>Planned visit:</translation>
    </message>
    <message>
        <source>Assessor 1:</source>
        <translation>Assessor 1:</translation>
    </message>
    <message>
        <source>Assessor 2:</source>
        <translation>Assessor 2:</translation>
    </message>
    <message>
        <source>18 characters, as on the identity card</source>
        <translation>18 characters, as on the identity card</translation>
    </message>
    <message>
        <source>Mobile or landline with area code</source>
        <translation>Mobile or landline with area code</translation>
    </message>
    <message>
        <source>The agency&apos;s task number, if any</source>
        <translation>The agency&apos;s task number, if any</translation>
    </message>
    <message>
        <source>Agreed</source>
        <translation>Agreed</translation>
    </message>
    <message>
        <source>Please choose…</source>
        <translation>Please choose…</translation>
    </message>
    <message>
        <source>Not assigned yet</source>
        <translation>Not assigned yet</translation>
    </message>
    <message>
        <source>Fill in name, phone and address</source>
        <translation>Fill in name, phone and address</translation>
    </message>
    <message>
        <source>Clear form</source>
        <translation>Clear form</translation>
    </message>
    <message>
        <source>Save application</source>
        <translation>Save application</translation>
    </message>
    <message>
        <source>This ID number is on record for {name}.</source>
        <translation>This ID number is on record for {name}.</translation>
    </message>
    <message>
        <source>Not saved. Please correct {count} field(s):</source>
        <translation>Not saved. Please correct {count} field(s):</translation>
    </message>
</context>
<context>
    <name>IntakeReport</name>
    <message>
        <source>The application was registered.</source>
        <translation>The application was registered.</translation>
    </message>
    <message>
        <source>The applicant was already on record; the earlier applications are linked.</source>
        <translation>The applicant was already on record; the earlier applications are linked.</translation>
    </message>
    <message>
        <source>ATTENTION — re-application check:</source>
        <translation>ATTENTION — re-application check:</translation>
    </message>
    <message>
        <source>Materials still missing:</source>
        <translation>Materials still missing:</translation>
    </message>
    <message>
        <source>All required materials are received.</source>
        <translation>All required materials are received.</translation>
    </message>
    <message>
        <source>Application registered</source>
        <translation>Application registered</translation>
    </message>
    <message>
        <source>Open the case</source>
        <translation>Open the case</translation>
    </message>
    <message>
        <source>An open case exists</source>
        <translation>An open case exists</translation>
    </message>
    <message>
        <source>Open that case</source>
        <translation>Open that case</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
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
    <name>LanguageSwitch</name>
    <message>
        <source>Language:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Interface language</translation>
    </message>
</context>
<context>
    <name>LargeTextAction</name>
    <message>
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>Make all text larger (remembered for the signed-in person)</source>
        <translation>Make all text larger (remembered for the signed-in person)</translation>
    </message>
</context>
<context>
    <name>LockPanel</name>
    <message>
        <source>Locked — enter your passphrase to unlock</source>
        <translation>Locked — enter your passphrase to unlock</translation>
    </message>
    <message>
        <source>Signed in: {person} · {role}</source>
        <translation>Signed in: {person} · {role}</translation>
    </message>
    <message>
        <source>Your passphrase</source>
        <translation>Your passphrase</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Switch user…</source>
        <translation>Switch user…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Sign in with your expert number and your personal passphrase. Everything you do in the application is recorded under your name.</source>
        <translation>Sign in with your expert number and your personal passphrase. Everything you do in the application is recorded under your name.</translation>
    </message>
    <message>
        <source>Choose or type your expert number</source>
        <translation>Choose or type your expert number</translation>
    </message>
    <message>
        <source>Expert number:</source>
        <translation>Expert number:</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>Opening the encrypted case data…</source>
        <translation>Opening the encrypted case data…</translation>
    </message>
    <message>
        <source>There are no accounts on this workstation yet. The administrator imports the agency&apos;s provisioning package first: ltc-assess provision import FILE. To try the application, start it in demo mode: ltc-assess-gui --demo.</source>
        <translation>There are no accounts on this workstation yet. The administrator imports the agency&apos;s provisioning package first: ltc-assess provision import FILE. To try the application, start it in demo mode: ltc-assess-gui --demo.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Choose or type your expert number.</source>
        <translation>Choose or type your expert number.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The visit cannot be resumed</source>
        <translation>The visit cannot be resumed</translation>
    </message>
    <message>
        <source>Interrupted visit</source>
        <translation>Interrupted visit</translation>
    </message>
    <message>
        <source>The visit of {name} was interrupted (last activity {when}). Every answer given is saved. Resume it now? The second expert signs in again; the recording continues as a new, linked part.</source>
        <translation>The visit of {name} was interrupted (last activity {when}). Every answer given is saved. Resume it now? The second expert signs in again; the recording continues as a new, linked part.</translation>
    </message>
    <message>
        <source>LTC Disability Assessment Workstation</source>
        <translation>LTC Disability Assessment Workstation</translation>
    </message>
    <message>
        <source>Backup…</source>
        <translation>Backup…</translation>
    </message>
    <message>
        <source>Write an encrypted backup file of all case records</source>
        <translation>Write an encrypted backup file of all case records</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <source>Replace all case records by a verified backup</source>
        <translation>Replace all case records by a verified backup</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>New intake</source>
        <translation>New intake</translation>
    </message>
    <message>
        <source>Calculator</source>
        <translation>Calculator</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <source>Upload queue…</source>
        <translation>Upload queue…</translation>
    </message>
    <message>
        <source>Bundles being sent to the agency server: progress, results, cancel and retry</source>
        <translation>Bundles being sent to the agency server: progress, results, cancel and retry</translation>
    </message>
    <message>
        <source>About</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Versions, and the licences of the shipped font and libraries</source>
        <translation>Versions, and the licences of the shipped font and libraries</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Sign out; the next person signs in with their own passphrase</source>
        <translation>Sign out; the next person signs in with their own passphrase</translation>
    </message>
    <message>
        <source>The sign-out was not recorded</source>
        <translation>The sign-out was not recorded</translation>
    </message>
    <message>
        <source>Signed in: {person} · {role}</source>
        <translation>Signed in: {person} · {role}</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <source>Read only: new cases are taken in by assessors and administrators. As a reviewer you see the case list and the cases.</source>
        <translation>Read only: new cases are taken in by assessors and administrators. As a reviewer you see the case list and the cases.</translation>
    </message>
    <message>
        <source>Read only: as a reviewer you see this case but do not change it.</source>
        <translation>Read only: as a reviewer you see this case but do not change it.</translation>
    </message>
</context>
<context>
    <name>MaterialsChecklist</name>
    <message>
        <source>Choose the application type to see its materials.</source>
        <translation>Choose the application type to see its materials.</translation>
    </message>
    <message>
        <source>{material} (required)</source>
        <translation>{material} (required)</translation>
    </message>
    <message>
        <source>{material} (optional)</source>
        <translation>{material} (optional)</translation>
    </message>
</context>
<context>
    <name>MaterialsPanel</name>
    <message>
        <source>{material} (required)</source>
        <translation>{material} (required)</translation>
    </message>
    <message>
        <source>{material} (optional)</source>
        <translation>{material} (optional)</translation>
    </message>
    <message>
        <source>Tick when the original was seen, even without a scan</source>
        <translation>Tick when the original was seen, even without a scan</translation>
    </message>
    <message>
        <source>no scan</source>
        <translation>no scan</translation>
    </message>
    <message>
        <source>Import scan…</source>
        <translation>Import scan…</translation>
    </message>
    <message>
        <source>Take photo</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <source>View</source>
        <translation>View</translation>
    </message>
    <message>
        <source>Still missing: {materials}</source>
        <translation>Still missing: {materials}</translation>
    </message>
    <message>
        <source>All required materials are received.</source>
        <translation>All required materials are received.</translation>
    </message>
    <message>
        <source>Import a scan</source>
        <translation>Import a scan</translation>
    </message>
    <message>
        <source>Scans (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</source>
        <translation>Scans (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>No photo</translation>
    </message>
    <message>
        <source>The scan cannot be shown</source>
        <translation>The scan cannot be shown</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>The scan was not stored</source>
        <translation>The scan was not stored</translation>
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
    <name>PdfPreviewDialog</name>
    <message>
        <source>Shown from memory: nothing has been written to disk.</source>
        <translation>Shown from memory: nothing has been written to disk.</translation>
    </message>
    <message>
        <source>Save an unencrypted copy…</source>
        <translation>Save an unencrypted copy…</translation>
    </message>
    <message>
        <source>Unencrypted copy</source>
        <translation>Unencrypted copy</translation>
    </message>
    <message>
        <source>The copy is NOT encrypted: anyone who gets the file can read the applicant&apos;s personal data. Save it only where it is protected, and delete it when it is no longer needed. Save anyway?</source>
        <translation>The copy is NOT encrypted: anyone who gets the file can read the applicant&apos;s personal data. Save it only where it is protected, and delete it when it is no longer needed. Save anyway?</translation>
    </message>
    <message>
        <source>Save an unencrypted copy</source>
        <translation>Save an unencrypted copy</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The copy was not saved</source>
        <translation>The copy was not saved</translation>
    </message>
</context>
<context>
    <name>PhotoPreviewDialog</name>
    <message>
        <source>Photo of the material</source>
        <translation>Photo of the material</translation>
    </message>
    <message>
        <source>No camera was found: this is a SYNTHETIC TEST IMAGE from the built-in test camera, not a photo of the document. Keep it only for trying out the program.</source>
        <translation>No camera was found: this is a SYNTHETIC TEST IMAGE from the built-in test camera, not a photo of the document. Keep it only for trying out the program.</translation>
    </message>
    <message>
        <source>Keep photo</source>
        <translation>Keep photo</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason (required)</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <source>Choose a reason.</source>
        <translation>Choose a reason.</translation>
    </message>
    <message>
        <source>At least {count} characters.</source>
        <translation>At least {count} characters.</translation>
    </message>
</context>
<context>
    <name>RecordHistoryView</name>
    <message>
        <source>The record history cannot be shown</source>
        <translation>The record history cannot be shown</translation>
    </message>
    <message>
        <source>No correction was made</source>
        <translation>No correction was made</translation>
    </message>
    <message>
        <source>Draft (being corrected)</source>
        <translation>Draft (being corrected)</translation>
    </message>
    <message>
        <source>Visit in progress</source>
        <translation>Visit in progress</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Exported</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>Correct…</translation>
    </message>
    <message>
        <source>Create a new version of the signed record, with author and reason</source>
        <translation>Create a new version of the signed record, with author and reason</translation>
    </message>
    <message>
        <source>Only the newest version, once signed</source>
        <translation>Only the newest version, once signed</translation>
    </message>
    <message>
        <source>No assessment record yet. Versions appear here once a visit is recorded.</source>
        <translation>No assessment record yet. Versions appear here once a visit is recorded.</translation>
    </message>
    <message>
        <source>{count} version(s). Answers that differ from the version before are marked.</source>
        <translation>{count} version(s). Answers that differ from the version before are marked.</translation>
    </message>
    <message>
        <source>Version {version}: corrected by {author}. Reason: {reason}</source>
        <translation>Version {version}: corrected by {author}. Reason: {reason}</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Corrected by</source>
        <translation>Corrected by</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>{score} pts</source>
        <translation>{score} pts</translation>
    </message>
    <message>
        <source>Changed since version {version}</source>
        <translation>Changed since version {version}</translation>
    </message>
</context>
<context>
    <name>RecordingPanel</name>
    <message>
        <source>Resume recording</source>
        <translation>Resume recording</translation>
    </message>
    <message>
        <source>Pause…</source>
        <translation>Pause…</translation>
    </message>
    <message>
        <source>Not recording (waived)</source>
        <translation>Not recording (waived)</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Recording</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Camera lost: waiting</source>
        <translation>Camera lost: waiting</translation>
    </message>
    <message>
        <source>Stopped: disk full</source>
        <translation>Stopped: disk full</translation>
    </message>
    <message>
        <source>Not recording</source>
        <translation>Not recording</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>No picture</translation>
    </message>
    <message>
        <source>The camera stopped delivering pictures. The assessment goes on; the gap is recorded. Check the cable.</source>
        <translation>The camera stopped delivering pictures. The assessment goes on; the gap is recorded. Check the cable.</translation>
    </message>
    <message>
        <source>The camera is back; recording continues.</source>
        <translation>The camera is back; recording continues.</translation>
    </message>
    <message>
        <source>No microphone: the video is recorded without sound.</source>
        <translation>No microphone: the video is recorded without sound.</translation>
    </message>
    <message>
        <source>The disk is nearly full: recording stopped cleanly. Every answer is still saved; free space and tell the agency.</source>
        <translation>The disk is nearly full: recording stopped cleanly. Every answer is still saved; free space and tell the agency.</translation>
    </message>
    <message>
        <source>The recording could not be written and stopped. Every answer is still saved.</source>
        <translation>The recording could not be written and stopped. Every answer is still saved.</translation>
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
    <name>RevealDialog</name>
    <message>
        <source>Show the full ID number</source>
        <translation>Show the full ID number</translation>
    </message>
    <message>
        <source>Only the experts assigned to this case may see the full ID number. It is shown for {seconds} seconds.</source>
        <translation>Only the experts assigned to this case may see the full ID number. It is shown for {seconds} seconds.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Requested by:</source>
        <translation>Requested by:</translation>
    </message>
    <message>
        <source>Hidden again in {seconds} s</source>
        <translation>Hidden again in {seconds} s</translation>
    </message>
</context>
<context>
    <name>ReviewDecisionDialog</name>
    <message>
        <source>Reason (required)</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <source>Remark (optional)</source>
        <translation>Remark (optional)</translation>
    </message>
    <message>
        <source>Your passphrase (signs the decision):</source>
        <translation>Your passphrase (signs the decision):</translation>
    </message>
    <message>
        <source>Sign and decide</source>
        <translation>Sign and decide</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>The queue cannot be shown</source>
        <translation>The queue cannot be shown</translation>
    </message>
    <message>
        <source>in sample</source>
        <translation>in sample</translation>
    </message>
    <message>
        <source>{count} signed records; {flagged} flagged</source>
        <translation>{count} signed records; {flagged} flagged</translation>
    </message>
    <message>
        <source>you, until {time} UTC</source>
        <translation>you, until {time} UTC</translation>
    </message>
    <message>
        <source>{reviewer}, until {time} UTC</source>
        <translation>{reviewer}, until {time} UTC</translation>
    </message>
    <message>
        <source>The record was not claimed</source>
        <translation>The record was not claimed</translation>
    </message>
    <message>
        <source>No record was claimed</source>
        <translation>No record was claimed</translation>
    </message>
    <message>
        <source>The claim was not released</source>
        <translation>The claim was not released</translation>
    </message>
    <message>
        <source>No unclaimed record is left in the shown queue.</source>
        <translation>No unclaimed record is left in the shown queue.</translation>
    </message>
    <message>
        <source>No sample was drawn</source>
        <translation>No sample was drawn</translation>
    </message>
    <message>
        <source>Sample of {percent} % with seed {seed}: {count} of {total} records (logged in the audit log)</source>
        <translation>Sample of {percent} % with seed {seed}: {count} of {total} records (logged in the audit log)</translation>
    </message>
    <message>
        <source>Export the public list (公示)</source>
        <translation>Export the public list (公示)</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv);;PDF (*.pdf)</source>
        <translation>CSV for Excel (*.csv);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The public list was not exported</source>
        <translation>The public list was not exported</translation>
    </message>
    <message>
        <source>Public list exported</source>
        <translation>Public list exported</translation>
    </message>
    <message>
        <source>{count} approved assessments, names and ID numbers masked, written to {path}.</source>
        <translation>{count} approved assessments, names and ID numbers masked, written to {path}.</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>Review (复核) ordered</source>
        <translation>Review (复核) ordered</translation>
    </message>
    <message>
        <source>Answered while paused</source>
        <translation>Answered while paused</translation>
    </message>
    <message>
        <source>Short visit</source>
        <translation>Short visit</translation>
    </message>
    <message>
        <source>Many changes</source>
        <translation>Many changes</translation>
    </message>
    <message>
        <source>Self-assessment ≥ 2 grades apart</source>
        <translation>Self-assessment ≥ 2 grades apart</translation>
    </message>
    <message>
        <source>Early reassessment</source>
        <translation>Early reassessment</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Any flag</source>
        <translation>Any flag</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>Expert</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Flag</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>seed</translation>
    </message>
    <message>
        <source>Draw sample</source>
        <translation>Draw sample</translation>
    </message>
    <message>
        <source>A reproducible random sample of the shown queue; the seed and the sample are written to the audit log</source>
        <translation>A reproducible random sample of the shown queue; the seed and the sample are written to the audit log</translation>
    </message>
    <message>
        <source>Import data bundle…</source>
        <translation>Import data bundle…</translation>
    </message>
    <message>
        <source>Import an expert&apos;s bundle: it is verified check by check before anything is stored</source>
        <translation>Import an expert&apos;s bundle: it is verified check by check before anything is stored</translation>
    </message>
    <message>
        <source>Open record</source>
        <translation>Open record</translation>
    </message>
    <message>
        <source>Export 公示 list…</source>
        <translation>Export 公示 list…</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>Experts</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>Sample</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Flags</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>Claimed by</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>Hold the selected record on the shared queue: only you can decide it until you release it or the claim expires</source>
        <translation>Hold the selected record on the shared queue: only you can decide it until you release it or the claim expires</translation>
    </message>
    <message>
        <source>Claim next</source>
        <translation>Claim next</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Release</translation>
    </message>
</context>
<context>
    <name>ReviewRecordView</name>
    <message>
        <source>The record cannot be shown</source>
        <translation>The record cannot be shown</translation>
    </message>
    <message>
        <source>{name} · case {task} · version {version} · grade: {grade} · experts: {experts}</source>
        <translation>{name} · case {task} · version {version} · grade: {grade} · experts: {experts}</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>By</source>
        <translation>By</translation>
    </message>
    <message>
        <source>{dimension}: {sum} → {level}</source>
        <translation>{dimension}: {sum} → {level}</translation>
    </message>
    <message>
        <source>Grade: {grade}</source>
        <translation>Grade: {grade}</translation>
    </message>
    <message>
        <source>No self-assessment was recorded for this case.</source>
        <translation>No self-assessment was recorded for this case.</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>Experts</translation>
    </message>
    <message>
        <source>Self-assessment grade: {own} · experts&apos; grade: {experts}</source>
        <translation>Self-assessment grade: {own} · experts&apos; grade: {experts}</translation>
    </message>
    <message>
        <source>Differs</source>
        <translation>Differs</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>To</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>When</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Recording started</source>
        <translation>Recording started</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>Resumed</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
    <message>
        <source>Camera lost</source>
        <translation>Camera lost</translation>
    </message>
    <message>
        <source>Stopped: disk full</source>
        <translation>Stopped: disk full</translation>
    </message>
    <message>
        <source>Disk almost full</source>
        <translation>Disk almost full</translation>
    </message>
    <message>
        <source>Decision: {decision} on {day}{reason}</source>
        <translation>Decision: {decision} on {day}{reason}</translation>
    </message>
    <message>
        <source>Not reviewed yet</source>
        <translation>Not reviewed yet</translation>
    </message>
    <message>
        <source>not claimed: claim it in the queue to decide</source>
        <translation>not claimed: claim it in the queue to decide</translation>
    </message>
    <message>
        <source>claimed by you until {time} UTC</source>
        <translation>claimed by you until {time} UTC</translation>
    </message>
    <message>
        <source>claimed by {reviewer} until {time} UTC: you can view it, not decide it</source>
        <translation>claimed by {reviewer} until {time} UTC: you can view it, not decide it</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>returned to the experts</source>
        <translation>returned to the experts</translation>
    </message>
    <message>
        <source>review (复核) ordered</source>
        <translation>review (复核) ordered</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>Approve the record</source>
        <translation>Approve the record</translation>
    </message>
    <message>
        <source>The grade stands and the case is closed. Your signature goes on the decision.</source>
        <translation>The grade stands and the case is closed. Your signature goes on the decision.</translation>
    </message>
    <message>
        <source>Return to the experts</source>
        <translation>Return to the experts</translation>
    </message>
    <message>
        <source>The experts correct the record as a new version. Say what must be corrected.</source>
        <translation>The experts correct the record as a new version. Say what must be corrected.</translation>
    </message>
    <message>
        <source>Order a review (复核)</source>
        <translation>Order a review (复核)</translation>
    </message>
    <message>
        <source>A new, linked review case is opened for a second assessment. Say why.</source>
        <translation>A new, linked review case is opened for a second assessment. Say why.</translation>
    </message>
    <message>
        <source>The decision was not taken</source>
        <translation>The decision was not taken</translation>
    </message>
    <message>
        <source>Export the signed decision</source>
        <translation>Export the signed decision</translation>
    </message>
    <message>
        <source>Signed decision (*.decision.pdf)</source>
        <translation>Signed decision (*.decision.pdf)</translation>
    </message>
    <message>
        <source>The decision was not exported</source>
        <translation>The decision was not exported</translation>
    </message>
    <message>
        <source>Decision exported</source>
        <translation>Decision exported</translation>
    </message>
    <message>
        <source>The signed decision was written to {path}. The experts import it on their laptop.</source>
        <translation>The signed decision was written to {path}. The experts import it on their laptop.</translation>
    </message>
    <message>
        <source>← Queue</source>
        <translation>← Queue</translation>
    </message>
    <message>
        <source>Answers and trace</source>
        <translation>Answers and trace</translation>
    </message>
    <message>
        <source>Self-assessment</source>
        <translation>Self-assessment</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>Changes</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Recording</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Approve…</translation>
    </message>
    <message>
        <source>Return…</source>
        <translation>Return…</translation>
    </message>
    <message>
        <source>Order 复核…</source>
        <translation>Order 复核…</translation>
    </message>
    <message>
        <source>Export decision…</source>
        <translation>Export decision…</translation>
    </message>
</context>
<context>
    <name>SelfAssessmentDialog</name>
    <message>
        <source>Self-assessment of the applicant</source>
        <translation>Self-assessment of the applicant</translation>
    </message>
    <message>
        <source>Enter the answers as the applicant or the family gave them on the self-assessment form. Items they left blank stay blank; the form can be saved incomplete.</source>
        <translation>Enter the answers as the applicant or the family gave them on the self-assessment form. Items they left blank stay blank; the form can be saved incomplete.</translation>
    </message>
    <message>
        <source>Note, e.g. filled in by the daughter</source>
        <translation>Note, e.g. filled in by the daughter</translation>
    </message>
    <message>
        <source>Save self-assessment</source>
        <translation>Save self-assessment</translation>
    </message>
    <message>
        <source>The self-assessment was not saved</source>
        <translation>The self-assessment was not saved</translation>
    </message>
    <message>
        <source>{answered} of {total} items filled in</source>
        <translation>{answered} of {total} items filled in</translation>
    </message>
</context>
<context>
    <name>SelfAssessmentView</name>
    <message>
        <source>The self-assessment cannot be shown</source>
        <translation>The self-assessment cannot be shown</translation>
    </message>
    <message>
        <source>The comparison cannot be shown</source>
        <translation>The comparison cannot be shown</translation>
    </message>
    <message>
        <source>Self-assessment and assessment compared</source>
        <translation>Self-assessment and assessment compared</translation>
    </message>
    <message>
        <source>Change self-assessment…</source>
        <translation>Change self-assessment…</translation>
    </message>
    <message>
        <source>Enter self-assessment…</source>
        <translation>Enter self-assessment…</translation>
    </message>
    <message>
        <source>Comparison as PDF…</source>
        <translation>Comparison as PDF…</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Self-assessment</source>
        <translation>Self-assessment</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>Experts</translation>
    </message>
    <message>
        <source>Differs</source>
        <translation>Differs</translation>
    </message>
    <message>
        <source>No self-assessment has been entered for this case yet.</source>
        <translation>No self-assessment has been entered for this case yet.</translation>
    </message>
    <message>
        <source>Self-assessment grade: {grade}</source>
        <translation>Self-assessment grade: {grade}</translation>
    </message>
    <message>
        <source>not graded (incomplete)</source>
        <translation>not graded (incomplete)</translation>
    </message>
    <message>
        <source>The experts have no record yet; the comparison appears once they have.</source>
        <translation>The experts have no record yet; the comparison appears once they have.</translation>
    </message>
    <message>
        <source>Experts&apos; grade (version {version}): {grade}</source>
        <translation>Experts&apos; grade (version {version}): {grade}</translation>
    </message>
    <message>
        <source>{count} item(s) differ (marked).</source>
        <translation>{count} item(s) differ (marked).</translation>
    </message>
    <message>
        <source>Experts (version {version})</source>
        <translation>Experts (version {version})</translation>
    </message>
    <message>
        <source>{score} pts</source>
        <translation>{score} pts</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>differs</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Sign inside the box with the mouse, a pen or a finger.</source>
        <translation>Sign inside the box with the mouse, a pen or a finger.</translation>
    </message>
</context>
<context>
    <name>SupervisionPage</name>
    <message>
        <source>The agency server cannot be reached</source>
        <translation>The agency server cannot be reached</translation>
    </message>
    <message>
        <source>Signing in to the agency server failed</source>
        <translation>Signing in to the agency server failed</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>All districts</translation>
    </message>
    <message>
        <source>All assessors</source>
        <translation>All assessors</translation>
    </message>
    <message>
        <source>The figures cannot be shown</source>
        <translation>The figures cannot be shown</translation>
    </message>
    <message>
        <source>Save the table as CSV</source>
        <translation>Save the table as CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>The table was not saved</source>
        <translation>The table was not saved</translation>
    </message>
    <message>
        <source>Supervision dashboard</source>
        <translation>Supervision dashboard</translation>
    </message>
    <message>
        <source>Save the page as PDF</source>
        <translation>Save the page as PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>The PDF was not saved</source>
        <translation>The PDF was not saved</translation>
    </message>
    <message>
        <source>Unencrypted file</source>
        <translation>Unencrypted file</translation>
    </message>
    <message>
        <source>The file is NOT encrypted: it lists frequent re-applicants by name (ID numbers masked). Save it only where it is protected, and delete it when it is no longer needed. Save anyway?</source>
        <translation>The file is NOT encrypted: it lists frequent re-applicants by name (ID numbers masked). Save it only where it is protected, and delete it when it is no longer needed. Save anyway?</translation>
    </message>
    <message>
        <source>Saved (not encrypted): {path}</source>
        <translation>Saved (not encrypted): {path}</translation>
    </message>
    <message>
        <source>Asking the agency server…</source>
        <translation>Asking the agency server…</translation>
    </message>
    <message>
        <source>This workstation has no agency server set up: the supervision figures are kept on the agency server. Ask the administrator to connect it.</source>
        <translation>This workstation has no agency server set up: the supervision figures are kept on the agency server. Ask the administrator to connect it.</translation>
    </message>
    <message>
        <source>Signed in at {server} as {number} {name} ({role})</source>
        <translation>Signed in at {server} as {number} {name} ({role})</translation>
    </message>
    <message>
        <source>Agency server {server}: sign in with your signing key — type your personal passphrase.</source>
        <translation>Agency server {server}: sign in with your signing key — type your personal passphrase.</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <source>Personal passphrase</source>
        <translation>Personal passphrase</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Sign out of the server</source>
        <translation>Sign out of the server</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>to</source>
        <translation>to</translation>
    </message>
    <message>
        <source>District</source>
        <translation>District</translation>
    </message>
    <message>
        <source>Assessor</source>
        <translation>Assessor</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>Save the whole page, plots and tables, as a PDF file</source>
        <translation>Save the whole page, plots and tables, as a PDF file</translation>
    </message>
    <message>
        <source>Grades</source>
        <translation>Grades</translation>
    </message>
    <message>
        <source>Severe share</source>
        <translation>Severe share</translation>
    </message>
    <message>
        <source>Review outcomes</source>
        <translation>Review outcomes</translation>
    </message>
    <message>
        <source>Visits per day</source>
        <translation>Visits per day</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Answer changes</source>
        <translation>Answer changes</translation>
    </message>
    <message>
        <source>Dual entry</source>
        <translation>Dual entry</translation>
    </message>
    <message>
        <source>Re-applicants</source>
        <translation>Re-applicants</translation>
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
    <name>UnlockDialog</name>
    <message>
        <source>Unlock the case data</source>
        <translation>Unlock the case data</translation>
    </message>
    <message>
        <source>The system&apos;s credential store cannot provide the key of the encrypted case data on this computer. Enter the administrator passphrase to unlock it.</source>
        <translation>The system&apos;s credential store cannot provide the key of the encrypted case data on this computer. Enter the administrator passphrase to unlock it.</translation>
    </message>
    <message>
        <source>Administrator passphrase:</source>
        <translation>Administrator passphrase:</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>UploadQueueDialog</name>
    <message>
        <source>Upload queue</source>
        <translation>Upload queue</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>Transferred</translation>
    </message>
    <message>
        <source>Agency&apos;s result</source>
        <translation>Agency&apos;s result</translation>
    </message>
    <message>
        <source>Nothing queued. Export a signed visit, then press Upload on its case page.</source>
        <translation>Nothing queued. Export a signed visit, then press Upload on its case page.</translation>
    </message>
    <message>
        <source>Cancel upload</source>
        <translation>Cancel upload</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Retry now</translation>
    </message>
    <message>
        <source>Ask the agency</source>
        <translation>Ask the agency</translation>
    </message>
    <message>
        <source>Ask the agency server for the verdict on each bundle and for the reviewers&apos; decisions</source>
        <translation>Ask the agency server for the verdict on each bundle and for the reviewers&apos; decisions</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Uploads go to {url} (this laptop: {name}).</source>
        <translation>Uploads go to {url} (this laptop: {name}).</translation>
    </message>
    <message>
        <source>Next try at {time} UTC.</source>
        <translation>Next try at {time} UTC.</translation>
    </message>
    <message>
        <source>The upload cannot be cancelled</source>
        <translation>The upload cannot be cancelled</translation>
    </message>
    <message>
        <source>The upload cannot be started again</source>
        <translation>The upload cannot be started again</translation>
    </message>
</context>
<context>
    <name>UploadWording</name>
    <message>
        <source>{done} MB of {total} MB</source>
        <translation>{done} MB of {total} MB</translation>
    </message>
    <message>
        <source>{rate} MB/s · {left} left</source>
        <translation>{rate} MB/s · {left} left</translation>
    </message>
    <message>
        <source> (+{count} more)</source>
        <translation> (+{count} more)</translation>
    </message>
    <message>
        <source>as of {time} UTC</source>
        <translation>as of {time} UTC</translation>
    </message>
</context>
<context>
    <name>VideoPlayer</name>
    <message>
        <source>No recording for this visit</source>
        <translation>No recording for this visit</translation>
    </message>
    <message>
        <source>The recording cannot be read: {reason}</source>
        <translation>The recording cannot be read: {reason}</translation>
    </message>
    <message>
        <source>Paused for privacy: {reason}</source>
        <translation>Paused for privacy: {reason}</translation>
    </message>
    <message>
        <source>No video: the camera was lost</source>
        <translation>No video: the camera was lost</translation>
    </message>
    <message>
        <source>Recording stopped</source>
        <translation>Recording stopped</translation>
    </message>
    <message>
        <source>No video (gap)</source>
        <translation>No video (gap)</translation>
    </message>
    <message>
        <source>Outside the recording</source>
        <translation>Outside the recording</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Play</translation>
    </message>
    <message>
        <source>Items (click to jump to the moment assessed)</source>
        <translation>Items (click to jump to the moment assessed)</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>Paused (hover for the reason)</source>
        <translation>Paused (hover for the reason)</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>Gap</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stopped</translation>
    </message>
</context>
<context>
    <name>VisitConsentStep</name>
    <message>
        <source>Agency rule: if recording is refused, the assessment may continue without video; the refusal and its reason are recorded.</source>
        <translation>Agency rule: if recording is refused, the assessment may continue without video; the refusal and its reason are recorded.</translation>
    </message>
    <message>
        <source>Agency rule: if recording is refused, the visit ends with the outcome &quot;recording refused&quot; and the case goes back to the agency.</source>
        <translation>Agency rule: if recording is refused, the visit ends with the outcome &quot;recording refused&quot; and the case goes back to the agency.</translation>
    </message>
    <message>
        <source>Disk space may be short: a visit of {minutes} minutes needs about {needed} for the video (safety margin included); {free} are free. Recording may stop early; every answer is still saved. Free some space if you can.</source>
        <translation>Disk space may be short: a visit of {minutes} minutes needs about {needed} for the video (safety margin included); {free} are free. Recording may stop early; every answer is still saved. Free some space if you can.</translation>
    </message>
    <message>
        <source>Consent to video recording</source>
        <translation>Consent to video recording</translation>
    </message>
    <message>
        <source>The whole assessment is recorded on video so that it is fair and can be checked later. The video is encrypted on this laptop, handed only to the assessment agency, and used only to review this assessment. Recording can be paused for privacy (for example while washing or using the toilet). By signing below, the applicant (or the informant on the applicant&apos;s behalf) agrees to the recording.</source>
        <translation>The whole assessment is recorded on video so that it is fair and can be checked later. The video is encrypted on this laptop, handed only to the assessment agency, and used only to review this assessment. Recording can be paused for privacy (for example while washing or using the toilet). By signing below, the applicant (or the informant on the applicant&apos;s behalf) agrees to the recording.</translation>
    </message>
    <message>
        <source>Signed by the applicant</source>
        <translation>Signed by the applicant</translation>
    </message>
    <message>
        <source>Signed by the informant on the applicant&apos;s behalf</source>
        <translation>Signed by the informant on the applicant&apos;s behalf</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>Consent given: start recording</source>
        <translation>Consent given: start recording</translation>
    </message>
    <message>
        <source>Recording refused…</source>
        <translation>Recording refused…</translation>
    </message>
</context>
<context>
    <name>VisitEntry</name>
    <message>
        <source>Change an answer</source>
        <translation>Change an answer</translation>
    </message>
    <message>
        <source>{item}: change from {old} pts to {new} pts. Why? The change and its reason are recorded.</source>
        <translation>{item}: change from {old} pts to {new} pts. Why? The change and its reason are recorded.</translation>
    </message>
    <message>
        <source>The answer was not saved</source>
        <translation>The answer was not saved</translation>
    </message>
    <message>
        <source>The note was not saved</source>
        <translation>The note was not saved</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>No photo</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <source>Dual entry</source>
        <translation>Dual entry</translation>
    </message>
    <message>
        <source>{first} has rated every item. Hand the laptop to {second}, who now rates every item without seeing the first ratings.</source>
        <translation>{first} has rated every item. Hand the laptop to {second}, who now rates every item without seeing the first ratings.</translation>
    </message>
</context>
<context>
    <name>VisitFinish</name>
    <message>
        <source>Self-assessment grade: {grade}</source>
        <translation>Self-assessment grade: {grade}</translation>
    </message>
    <message>
        <source>none submitted</source>
        <translation>none submitted</translation>
    </message>
    <message>
        <source>Previous grade: {grade}</source>
        <translation>Previous grade: {grade}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Confirm a plausibility warning</source>
        <translation>Confirm a plausibility warning</translation>
    </message>
    <message>
        <source>If the answers stand, say why.</source>
        <translation>If the answers stand, say why.</translation>
    </message>
    <message>
        <source>Draft report</source>
        <translation>Draft report</translation>
    </message>
    <message>
        <source>Both experts and the informant sign in their boxes first.</source>
        <translation>Both experts and the informant sign in their boxes first.</translation>
    </message>
    <message>
        <source>Not yet: {missing}</source>
        <translation>Not yet: {missing}</translation>
    </message>
</context>
<context>
    <name>VisitFinishStep</name>
    <message>
        <source>No plausibility warnings.</source>
        <translation>No plausibility warnings.</translation>
    </message>
    <message>
        <source>{warning} Confirmed: {reason}</source>
        <translation>{warning} Confirmed: {reason}</translation>
    </message>
    <message>
        <source>Confirm with reason…</source>
        <translation>Confirm with reason…</translation>
    </message>
    <message>
        <source>Change reason…</source>
        <translation>Change reason…</translation>
    </message>
    <message>
        <source>Expert {person} signs</source>
        <translation>Expert {person} signs</translation>
    </message>
    <message>
        <source>Passphrase of {person}</source>
        <translation>Passphrase of {person}</translation>
    </message>
    <message>
        <source>Finish, conclude and sign</source>
        <translation>Finish, conclude and sign</translation>
    </message>
    <message>
        <source>Plausibility warnings</source>
        <translation>Plausibility warnings</translation>
    </message>
    <message>
        <source>Conclusion and care notes</source>
        <translation>Conclusion and care notes</translation>
    </message>
    <message>
        <source>Assessment conclusion (required)</source>
        <translation>Assessment conclusion (required)</translation>
    </message>
    <message>
        <source>Care notes and recommendations (optional)</source>
        <translation>Care notes and recommendations (optional)</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>The informant signs</source>
        <translation>The informant signs</translation>
    </message>
    <message>
        <source>Draft report (PDF)…</source>
        <translation>Draft report (PDF)…</translation>
    </message>
    <message>
        <source>Sign and lock the record</source>
        <translation>Sign and lock the record</translation>
    </message>
</context>
<context>
    <name>VisitIdentityStep</name>
    <message>
        <source>Applicant: {name}</source>
        <translation>Applicant: {name}</translation>
    </message>
    <message>
        <source>Identity check and informant</source>
        <translation>Identity check and informant</translation>
    </message>
    <message>
        <source>Photo of the ID card</source>
        <translation>Photo of the ID card</translation>
    </message>
    <message>
        <source>Photo of the applicant</source>
        <translation>Photo of the applicant</translation>
    </message>
    <message>
        <source>Take photo</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <source>From file…</source>
        <translation>From file…</translation>
    </message>
    <message>
        <source>No photo yet</source>
        <translation>No photo yet</translation>
    </message>
    <message>
        <source>The person matches the ID card (人证一致)</source>
        <translation>The person matches the ID card (人证一致)</translation>
    </message>
    <message>
        <source>The person does not match the ID card</source>
        <translation>The person does not match the ID card</translation>
    </message>
    <message>
        <source>Describe the discrepancy (required): the visit ends with this outcome</source>
        <translation>Describe the discrepancy (required): the visit ends with this outcome</translation>
    </message>
    <message>
        <source>Informant (family member or carer)</source>
        <translation>Informant (family member or carer)</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Relation:</source>
        <translation>Relation:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>Mobile or landline with area code</source>
        <translation>Mobile or landline with area code</translation>
    </message>
    <message>
        <source>Spouse</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>Son or daughter</source>
        <translation>Son or daughter</translation>
    </message>
    <message>
        <source>Other relative</source>
        <translation>Other relative</translation>
    </message>
    <message>
        <source>Carer</source>
        <translation>Carer</translation>
    </message>
    <message>
        <source>Care home staff</source>
        <translation>Care home staff</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>VisitItemsStep</name>
    <message>
        <source>Item {number} of {total} · answered {answered}</source>
        <translation>Item {number} of {total} · answered {answered}</translation>
    </message>
    <message>
        <source>The instrument gives no separate interview instructions for this item: decide by the official wording of each option above, asking the applicant and the informant and observing the applicant doing the activity where it is safe.</source>
        <translation>The instrument gives no separate interview instructions for this item: decide by the official wording of each option above, asking the applicant and the informant and observing the applicant doing the activity where it is safe.</translation>
    </message>
    <message>
        <source>Keys 1–{count} choose the options in the order shown; Page Up / Page Down (or Alt+P / Alt+N) move between items; Alt+F finishes; F8 pauses or resumes the recording.</source>
        <translation>Keys 1–{count} choose the options in the order shown; Page Up / Page Down (or Alt+P / Alt+N) move between items; Alt+F finishes; F8 pauses or resumes the recording.</translation>
    </message>
    <message>
        <source>Add photo ({count})</source>
        <translation>Add photo ({count})</translation>
    </message>
    <message>
        <source>How to ask and observe</source>
        <translation>How to ask and observe</translation>
    </message>
    <message>
        <source>Note on this item (optional)</source>
        <translation>Note on this item (optional)</translation>
    </message>
    <message>
        <source>&amp;Previous item</source>
        <translation>&amp;Previous item</translation>
    </message>
    <message>
        <source>&amp;Next item</source>
        <translation>&amp;Next item</translation>
    </message>
    <message>
        <source>&amp;Finish…</source>
        <translation>&amp;Finish…</translation>
    </message>
</context>
<context>
    <name>VisitOpening</name>
    <message>
        <source>Second expert signs in</source>
        <translation>Second expert signs in</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Second expert</source>
        <translation>Second expert</translation>
    </message>
    <message>
        <source>The visit cannot start</source>
        <translation>The visit cannot start</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>No photo</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>Choose a photo</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png)</source>
        <translation>Images (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>Recording refused</source>
        <translation>Recording refused</translation>
    </message>
    <message>
        <source>Record why the applicant or the family refuses the recording.</source>
        <translation>Record why the applicant or the family refuses the recording.</translation>
    </message>
</context>
<context>
    <name>VisitPage</name>
    <message>
        <source>Visit: {name}</source>
        <translation>Visit: {name}</translation>
    </message>
    <message>
        <source>Applicant: {name} · ID {masked}</source>
        <translation>Applicant: {name} · ID {masked}</translation>
    </message>
    <message>
        <source>The record is signed by both experts and locked. The signed report is stored with the case.</source>
        <translation>The record is signed by both experts and locked. The signed report is stored with the case.</translation>
    </message>
    <message>
        <source>The visit ended: the person does not match the ID card. The case goes back to the agency with this outcome.</source>
        <translation>The visit ended: the person does not match the ID card. The case goes back to the agency with this outcome.</translation>
    </message>
    <message>
        <source>The visit ended: recording was refused. The case goes back to the agency with this outcome.</source>
        <translation>The visit ended: recording was refused. The case goes back to the agency with this outcome.</translation>
    </message>
    <message>
        <source>The visit ended: no recording is possible and the agency requires one. The case goes back to the agency.</source>
        <translation>The visit ended: no recording is possible and the agency requires one. The case goes back to the agency.</translation>
    </message>
    <message>
        <source>Leave the visit</source>
        <translation>Leave the visit</translation>
    </message>
    <message>
        <source>Every answer is saved. Leave the visit now? It can be resumed later from the case.</source>
        <translation>Every answer is saved. Leave the visit now? It can be resumed later from the case.</translation>
    </message>
    <message>
        <source>Step 1 of 5: experts</source>
        <translation>Step 1 of 5: experts</translation>
    </message>
    <message>
        <source>Step 2 of 5: identity</source>
        <translation>Step 2 of 5: identity</translation>
    </message>
    <message>
        <source>Step 3 of 5: consent</source>
        <translation>Step 3 of 5: consent</translation>
    </message>
    <message>
        <source>Step 4 of 5: items</source>
        <translation>Step 4 of 5: items</translation>
    </message>
    <message>
        <source>Step 4 of 5: reconciliation</source>
        <translation>Step 4 of 5: reconciliation</translation>
    </message>
    <message>
        <source>Step 5 of 5: finish and sign</source>
        <translation>Step 5 of 5: finish and sign</translation>
    </message>
    <message>
        <source>Visit ended</source>
        <translation>Visit ended</translation>
    </message>
    <message>
        <source>ratings of {person}</source>
        <translation>ratings of {person}</translation>
    </message>
    <message>
        <source>Leave visit</source>
        <translation>Leave visit</translation>
    </message>
    <message>
        <source>Export data bundle…</source>
        <translation>Export data bundle…</translation>
    </message>
</context>
<context>
    <name>VisitReconcileStep</name>
    <message>
        <source>{score} pts: {wording}</source>
        <translation>{score} pts: {wording}</translation>
    </message>
    <message>
        <source>The experts agreed on {equal} of {total} items; {count} differences to resolve. The agreed answer needs a reason.</source>
        <translation>The experts agreed on {equal} of {total} items; {count} differences to resolve. The agreed answer needs a reason.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Agreed answer</source>
        <translation>Agreed answer</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>{score} pts</source>
        <translation>{score} pts</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>Agree</translation>
    </message>
    <message>
        <source>Reconcile the two experts&apos; ratings</source>
        <translation>Reconcile the two experts&apos; ratings</translation>
    </message>
    <message>
        <source>Continue to finish</source>
        <translation>Continue to finish</translation>
    </message>
</context>
<context>
    <name>VisitRecording</name>
    <message>
        <source>Privacy: bathing or washing</source>
        <translation>Privacy: bathing or washing</translation>
    </message>
    <message>
        <source>Privacy: using the toilet</source>
        <translation>Privacy: using the toilet</translation>
    </message>
    <message>
        <source>At the applicant&apos;s request</source>
        <translation>At the applicant&apos;s request</translation>
    </message>
    <message>
        <source>Other (describe)</source>
        <translation>Other (describe)</translation>
    </message>
    <message>
        <source>Pause the recording</source>
        <translation>Pause the recording</translation>
    </message>
    <message>
        <source>Why is the recording paused? The pause and its reason are shown to the reviewer.</source>
        <translation>Why is the recording paused? The pause and its reason are shown to the reviewer.</translation>
    </message>
    <message>
        <source>Resume the recording</source>
        <translation>Resume the recording</translation>
    </message>
    <message>
        <source>Stop the recording</source>
        <translation>Stop the recording</translation>
    </message>
</context>
<context>
    <name>VisitSettingsPanel</name>
    <message>
        <source>Saved. The next visit uses these settings.</source>
        <translation>Saved. The next visit uses these settings.</translation>
    </message>
    <message>
        <source>Visit and recording</source>
        <translation>Visit and recording</translation>
    </message>
    <message>
        <source>A visit may go on without recording (refused, no camera)</source>
        <translation>A visit may go on without recording (refused, no camera)</translation>
    </message>
    <message>
        <source>Dual entry: each expert rates independently</source>
        <translation>Dual entry: each expert rates independently</translation>
    </message>
    <message>
        <source>Watermark in the video (agency, case number, time)</source>
        <translation>Watermark in the video (agency, case number, time)</translation>
    </message>
    <message>
        <source>ID number on the report:</source>
        <translation>ID number on the report:</translation>
    </message>
    <message>
        <source>Camera number (0 = first):</source>
        <translation>Camera number (0 = first):</translation>
    </message>
    <message>
        <source>Recording resolution:</source>
        <translation>Recording resolution:</translation>
    </message>
    <message>
        <source>Frames per second:</source>
        <translation>Frames per second:</translation>
    </message>
    <message>
        <source>Record sound from the microphone</source>
        <translation>Record sound from the microphone</translation>
    </message>
    <message>
        <source>Planned visit length (minutes, for the disk check):</source>
        <translation>Planned visit length (minutes, for the disk check):</translation>
    </message>
    <message>
        <source>masked (part of the number hidden)</source>
        <translation>masked (part of the number hidden)</translation>
    </message>
    <message>
        <source>full number</source>
        <translation>full number</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Save settings</translation>
    </message>
</context>
<context>
    <name>VisitStartStep</name>
    <message>
        <source>First expert: {person}</source>
        <translation>First expert: {person}</translation>
    </message>
    <message>
        <source>Second expert: {person}</source>
        <translation>Second expert: {person}</translation>
    </message>
    <message>
        <source>not signed in yet</source>
        <translation>not signed in yet</translation>
    </message>
    <message>
        <source>Change second expert…</source>
        <translation>Change second expert…</translation>
    </message>
    <message>
        <source>Second expert signs in…</source>
        <translation>Second expert signs in…</translation>
    </message>
    <message>
        <source>I, {person}, declare that I have no conflict of interest.</source>
        <translation>I, {person}, declare that I have no conflict of interest.</translation>
    </message>
    <message>
        <source>The visit needs two experts: the second expert signs in with their own number and passphrase.</source>
        <translation>The visit needs two experts: the second expert signs in with their own number and passphrase.</translation>
    </message>
    <message>
        <source>Each expert confirms the declaration for themselves.</source>
        <translation>Each expert confirms the declaration for themselves.</translation>
    </message>
    <message>
        <source>Experts and declarations</source>
        <translation>Experts and declarations</translation>
    </message>
    <message>
        <source>Declaration of no conflict of interest (回避声明): I have no kinship, employment or financial tie with the applicant, the applicant&apos;s family or the care provider, and nothing else that could affect the fairness of this assessment. If such a tie exists, I withdraw from this assessment.</source>
        <translation>Declaration of no conflict of interest (回避声明): I have no kinship, employment or financial tie with the applicant, the applicant&apos;s family or the care provider, and nothing else that could affect the fairness of this assessment. If such a tie exists, I withdraw from this assessment.</translation>
    </message>
    <message>
        <source>Start the visit</source>
        <translation>Start the visit</translation>
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
