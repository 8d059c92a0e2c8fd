<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>LTC Disability Assessment Workstation</source>
        <translation>长护险失能等级评估工作站</translation>
    </message>
    <message>
        <source>Licence: GNU General Public License, version 3 or later (GPL-3.0-or-later)</source>
        <translation>许可证：GNU 通用公共许可证第 3 版或更高版本（GPL-3.0-or-later）</translation>
    </message>
    <message>
        <source>This program is free software: you can redistribute it and/or modify it under the terms of the GNU General Public License as published by the Free Software Foundation, either version 3 of the License, or (at your option) any later version. It is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.</source>
        <translation>本程序是自由软件：您可以依据自由软件基金会发布的 GNU 通用公共许可证（第 3 版，或您选择的任何更高版本）重新分发和/或修改本程序。发布本程序是希望它有用，但不提供任何担保，亦无适销性或特定用途适用性的默示担保。</translation>
    </message>
    <message>
        <source>The full licence text is in the file LICENSE next to the program. The corresponding source is the archive ltc-assess-{version}-source.tar.gz distributed with this package; SOURCES.md, next to the program, says where the source of every bundled component is published. Select ltc-assess below to read both.</source>
        <translation>许可证全文见程序旁的 LICENSE 文件。对应源代码是与本安装包一同发布的压缩包 ltc-assess-{version}-source.tar.gz；程序旁的 SOURCES.md 列出了每个随附组件源代码的发布位置。在下表中选择 ltc-assess 即可阅读这两份文件。</translation>
    </message>
    <message>
        <source>This application ships the following font and libraries. Select one to read its licence.</source>
        <translation>本程序随附以下字体和程序库。选择一项即可阅读其许可协议全文。</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可协议</translation>
    </message>
    <message>
        <source>Select a component to read its licence.</source>
        <translation>选择一个组件以阅读其许可协议。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The licence file cannot be read: {problem}</source>
        <translation>无法读取许可协议文件：{problem}</translation>
    </message>
</context>
<context>
    <name>AccountWording</name>
    <message>
        <source>Assessor</source>
        <translation>评估员</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审核员</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>{name} ({number})</source>
        <translation>{name}（{number}）</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <source>The administration data cannot be shown</source>
        <translation>无法显示管理数据</translation>
    </message>
    <message>
        <source>set</source>
        <translation>已设置</translation>
    </message>
    <message>
        <source>not set (chosen at first sign-in)</source>
        <translation>未设置（首次登录时设置）</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>Demo mode: sign in as the demo administrator DEMO-M-001 (passphrase demo-m-001) to import packages and change settings. Every user manages their own signing certificate here.</source>
        <translation>演示模式：以演示管理员 DEMO-M-001（口令 demo-m-001）登录后可导入配置包、更改设置；每位用户都可在此管理自己的签名证书。</translation>
    </message>
    <message>
        <source>Agency</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Code:</source>
        <translation>代码：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>CA fingerprint (SHA-256):</source>
        <translation>CA 指纹（SHA-256）：</translation>
    </message>
    <message>
        <source>Import agency provisioning package…</source>
        <translation>导入机构配置包…</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Verify the audit log</source>
        <translation>校验审计日志</translation>
    </message>
    <message>
        <source>People of the agency</source>
        <translation>机构人员</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Expert number</source>
        <translation>评估人员编号</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>个人口令</translation>
    </message>
    <message>
        <source>Signing certificate</source>
        <translation>签名证书</translation>
    </message>
    <message>
        <source>Import signing certificate (PKCS#12)…</source>
        <translation>导入签名证书 (PKCS#12)…</translation>
    </message>
    <message>
        <source>Generate demo signing certificate…</source>
        <translation>生成演示签名证书…</translation>
    </message>
    <message>
        <source>Import an agency provisioning package</source>
        <translation>导入机构配置包</translation>
    </message>
    <message>
        <source>Provisioning packages (*.ltc-provisioning.json *.json)</source>
        <translation>机构配置包 (*.ltc-provisioning.json *.json)</translation>
    </message>
    <message>
        <source>The package was not imported</source>
        <translation>配置包未导入</translation>
    </message>
    <message>
        <source>Package imported</source>
        <translation>配置包已导入</translation>
    </message>
    <message>
        <source>This package was imported before; nothing was changed.</source>
        <translation>该配置包此前已导入，未做任何更改。</translation>
    </message>
    <message>
        <source>{name} ({code}): {added} added, {updated} updated, {deactivated} deactivated, {certificates} certificate(s) stored.</source>
        <translation>{name}（{code}）：新增 {added} 人，更新 {updated} 人，停用 {deactivated} 人，保存证书 {certificates} 张。</translation>
    </message>
    <message>
        <source>Import a signing certificate</source>
        <translation>导入签名证书</translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx)</source>
        <translation>PKCS#12 文件 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>Import signing certificate</source>
        <translation>导入签名证书</translation>
    </message>
    <message>
        <source>{person}: the password of the PKCS#12 file (given by the agency), and the personal passphrase of {person}, which protects the key on this workstation.</source>
        <translation>{person}：请输入 PKCS#12 文件的密码（由机构提供），以及 {person} 的个人口令——私钥在本机由该口令加密保护。</translation>
    </message>
    <message>
        <source>File password:</source>
        <translation>文件密码：</translation>
    </message>
    <message>
        <source>Expert&apos;s passphrase:</source>
        <translation>本人个人口令：</translation>
    </message>
    <message>
        <source>Generate demo signing certificate</source>
        <translation>生成演示签名证书</translation>
    </message>
    <message>
        <source>The demo CA issues a new signing certificate for {person}, for trying out only. The personal passphrase of {person} protects the new key.</source>
        <translation>演示 CA 为 {person} 签发新的签名证书，仅供试用。新私钥由 {person} 的个人口令加密保护。</translation>
    </message>
    <message>
        <source>The audit log is intact: {count} events. Head:
{hash}</source>
        <translation>审计日志完好：共 {count} 条事件。链头：
{hash}</translation>
    </message>
    <message>
        <source>No signing certificate was stored</source>
        <translation>未保存签名证书</translation>
    </message>
    <message>
        <source>Signing certificate stored</source>
        <translation>签名证书已保存</translation>
    </message>
    <message>
        <source>{person} can sign now. {validity}</source>
        <translation>{person} 现在可以签名。{validity}</translation>
    </message>
    <message>
        <source>No agency yet: import the provisioning package the agency gave you.</source>
        <translation>尚无机构：请导入机构提供的配置包。</translation>
    </message>
    <message>
        <source>Demo agency (fictitious, for training)</source>
        <translation>演示机构（虚构，仅供培训）</translation>
    </message>
    <message>
        <source>Agency (real data)</source>
        <translation>正式机构（真实数据）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>valid until {date}</source>
        <translation>有效期至 {date}</translation>
    </message>
</context>
<context>
    <name>AttachmentDialog</name>
    <message>
        <source>Scan: {name}</source>
        <translation>扫描件：{name}</translation>
    </message>
    <message>
        <source>{name} · {type} · {size}</source>
        <translation>{name} · {type} · {size}</translation>
    </message>
    <message>
        <source>This file is not shown here (PDF or an image format this computer cannot display). It is stored encrypted and intact.</source>
        <translation>此文件无法在此显示（PDF 或本机无法显示的图像格式）。文件已加密保存，完好无损。</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <source>Save the backup as</source>
        <translation>备份另存为</translation>
    </message>
    <message>
        <source>Backup files (*.ltcbak)</source>
        <translation>备份文件 (*.ltcbak)</translation>
    </message>
    <message>
        <source>Writing the encrypted backup…</source>
        <translation>正在写入加密备份…</translation>
    </message>
    <message>
        <source>Backup failed</source>
        <translation>备份失败</translation>
    </message>
    <message>
        <source>Backup saved</source>
        <translation>备份已保存</translation>
    </message>
    <message>
        <source>The encrypted backup was saved to:
{path}

{members} files, {size}. {protection}</source>
        <translation>加密备份已保存到：
{path}

共 {members} 个文件，{size}。{protection}</translation>
    </message>
    <message>
        <source>It can also be restored on another computer with its passphrase.</source>
        <translation>凭备份口令也可在其他电脑上恢复。</translation>
    </message>
    <message>
        <source>It can be restored on this computer.</source>
        <translation>可在本机恢复。</translation>
    </message>
    <message>
        <source>Choose the backup to restore</source>
        <translation>选择要恢复的备份</translation>
    </message>
    <message>
        <source>Backup files (*.ltcbak);;All files (*)</source>
        <translation>备份文件 (*.ltcbak);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Verifying the whole backup, then restoring…</source>
        <translation>正在完整校验备份，随后恢复…</translation>
    </message>
    <message>
        <source>Restore failed</source>
        <translation>恢复失败</translation>
    </message>
    <message>
        <source>Restore complete</source>
        <translation>恢复完成</translation>
    </message>
    <message>
        <source>The backup was verified completely and restored.
Backup made at: {created}
Files: {members}</source>
        <translation>备份已完整校验并恢复。
备份时间：{created}
文件数：{members}</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Restore the backup {name}?

All case records on this computer will be replaced by the contents of the backup; changes made since the backup was taken are lost.

The backup file is first verified completely (every part decrypted and checked). If anything is wrong with it, nothing is replaced and the current data stays as it is.</source>
        <translation>确定恢复备份 {name} 吗？

本机的全部案件数据将被备份内容替换；备份之后所做的更改将丢失。

恢复前会先完整校验备份文件（逐段解密并核对）。只要发现任何问题，就不会替换任何数据，现有数据保持原样。</translation>
    </message>
    <message>
        <source>Verify and restore</source>
        <translation>校验并恢复</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>备份口令</translation>
    </message>
    <message>
        <source>This backup was made on another computer. Enter its backup passphrase:</source>
        <translation>此备份来自另一台电脑。请输入其备份口令：</translation>
    </message>
    <message>
        <source>The case data cannot be opened</source>
        <translation>无法打开案件数据</translation>
    </message>
</context>
<context>
    <name>BackupPassphraseDialog</name>
    <message>
        <source>Backup options</source>
        <translation>备份选项</translation>
    </message>
    <message>
        <source>Without a backup passphrase, the backup can be restored only on this computer (it is encrypted with this computer&apos;s data key). Set a backup passphrase to be able to restore it on a new laptop.</source>
        <translation>不设备份口令时，备份只能在本机恢复（它用本机的数据密钥加密）。如需在新的笔记本电脑上恢复，请设置备份口令。</translation>
    </message>
    <message>
        <source>Also protect this backup with a passphrase</source>
        <translation>同时用口令保护此备份</translation>
    </message>
    <message>
        <source>Backup passphrase:</source>
        <translation>备份口令：</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <source>Create backup</source>
        <translation>创建备份</translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>两次输入的口令不一致。</translation>
    </message>
</context>
<context>
    <name>BundleExportDialog</name>
    <message>
        <source>Export the data bundle</source>
        <translation>导出数据包</translation>
    </message>
    <message>
        <source>The signed record, report, audit log and video are written as one encrypted, signed bundle for the agency. Both experts of the visit unlock their signing keys.</source>
        <translation>已签名的评估记录、结论书、审计日志和录像将写成一个加密并签名的数据包，交给评估机构。本次评估的两位评估人员各自解锁签名密钥。</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Passphrase of {name} ({number})</source>
        <translation>{name}（{number}）的口令</translation>
    </message>
    <message>
        <source>Part size</source>
        <translation>分卷大小</translation>
    </message>
    <message>
        <source>The bundle is split into parts of at most this size, so a transfer can be checked and resumed part by part</source>
        <translation>数据包按此大小分卷，传输时可逐卷校验、断点续传</translation>
    </message>
    <message>
        <source>Start export</source>
        <translation>开始导出</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Folder for the bundle</source>
        <translation>数据包存放文件夹</translation>
    </message>
    <message>
        <source>Choose an existing output folder first.</source>
        <translation>请先选择一个已存在的输出文件夹。</translation>
    </message>
    <message>
        <source>Both experts enter their passphrases.</source>
        <translation>请两位评估人员分别输入口令。</translation>
    </message>
    <message>
        <source>Unlocking the signing keys and collecting the files…</source>
        <translation>正在解锁签名密钥并收集文件…</translation>
    </message>
    <message>
        <source>Cancelling… the partial output is being removed.</source>
        <translation>正在取消…未完成的文件正在删除。</translation>
    </message>
    <message>
        <source>Export cancelled. The partial output was removed; nothing was written.</source>
        <translation>已取消导出。未完成的文件已删除，未留下任何内容。</translation>
    </message>
    <message>
        <source>{done} MB of {total} MB · {rate} MB/s · {left} left</source>
        <translation>已完成 {done} MB / 共 {total} MB · {rate} MB/s · 剩余 {left}</translation>
    </message>
    <message>
        <source>{total} MB written and re-read in {time} ({rate} MB/s).</source>
        <translation>已写入并回读校验 {total} MB，用时 {time}（{rate} MB/s）。</translation>
    </message>
    <message>
        <source>The bundle is complete: {parts} part(s) in
{folder}
Hand in or upload this whole folder.</source>
        <translation>数据包已完成：共 {parts} 个分卷，位于
{folder}
请提交或上传整个文件夹。</translation>
    </message>
</context>
<context>
    <name>BundleImportDialog</name>
    <message>
        <source>Import a data bundle</source>
        <translation>导入数据包</translation>
    </message>
    <message>
        <source>The bundle is decrypted and every check is run first: signatures, file hashes, the video and audit chains, the report&apos;s signatures and the score. A bundle that fails any check is quarantined, not imported.</source>
        <translation>先解密数据包并逐项检查：签名、文件哈希、录像链和审计链、结论书签名以及重新计分。任何一项未通过的数据包将被隔离，不予导入。</translation>
    </message>
    <message>
        <source>Bundle folder</source>
        <translation>数据包文件夹</translation>
    </message>
    <message>
        <source>Agency identity file</source>
        <translation>机构身份文件（私钥）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Import and verify</source>
        <translation>导入并校验</translation>
    </message>
    <message>
        <source>Open the record</source>
        <translation>打开该记录</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Bundle folder (bundle-…)</source>
        <translation>数据包文件夹（bundle-…）</translation>
    </message>
    <message>
        <source>age identity (*.txt *.key);;All files (*)</source>
        <translation>age 身份文件 (*.txt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose the bundle folder (the folder that holds index.json).</source>
        <translation>请选择数据包文件夹（其中含有 index.json）。</translation>
    </message>
    <message>
        <source>Choose the agency&apos;s identity file.</source>
        <translation>请选择机构的身份文件。</translation>
    </message>
    <message>
        <source>Decrypting and verifying… large bundles take a few minutes.</source>
        <translation>正在解密并校验…较大的数据包需要几分钟。</translation>
    </message>
    <message>
        <source>Imported: every check passed. The record is in the review queue.</source>
        <translation>已导入：所有检查均通过。该记录已进入审核队列。</translation>
    </message>
    <message>
        <source>Already imported: this bundle, or another bundle of the same visit, is already on this workstation. Nothing was changed.</source>
        <translation>已导入过：此数据包或同一次评估的其他数据包已在本机，未作任何更改。</translation>
    </message>
    <message>
        <source>(the copy failed)</source>
        <translation>（复制失败）</translation>
    </message>
    <message>
        <source>Quarantined: {count} check(s) failed, nothing was imported. The bundle was put aside in {path}</source>
        <translation>已隔离：{count} 项检查未通过，未导入任何内容。数据包已另存于 {path}</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>未通过</translation>
    </message>
</context>
<context>
    <name>CalculatorPage</name>
    <message>
        <source>Clear all answers…</source>
        <translation>清空全部答案…</translation>
    </message>
    <message>
        <source>Remove every answer and start again</source>
        <translation>删除全部答案，重新开始</translation>
    </message>
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
        <source>Answered {answered} of {total} items</source>
        <translation>已答 {answered}/{total} 项</translation>
    </message>
</context>
<context>
    <name>CalculatorWindow</name>
    <message>
        <source>LTC Disability Assessment Workstation — {form}</source>
        <translation>长护险失能等级评估工作站 — {form}</translation>
    </message>
</context>
<context>
    <name>CaseDecisionPanel</name>
    <message>
        <source>Fetch review results</source>
        <translation>获取审核结果</translation>
    </message>
    <message>
        <source>Open the new review case</source>
        <translation>打开复核案件</translation>
    </message>
    <message>
        <source>Ask the agency server now for the reviewers&apos; decisions on the cases this laptop uploaded</source>
        <translation>立即向机构服务器获取本机已上传案件的审核结论</translation>
    </message>
    <message>
        <source>Review decision: {decision} · {reviewer} ({number}) · {time} UTC</source>
        <translation>审核结论：{decision} · 审核员 {reviewer}（{number}）· {time} UTC</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>理由：{reason}</translation>
    </message>
    <message>
        <source>A decision on the agency server was not accepted by this laptop and stays there (nothing was changed): {why}</source>
        <translation>机构服务器上有一份审核结论未被本机接受，已留在服务器上（本机未做任何更改）：{why}</translation>
    </message>
    <message>
        <source>{count} new review decision(s) applied.</source>
        <translation>已获取并应用 {count} 份新的审核结论。</translation>
    </message>
    <message>
        <source>No new review decisions on the agency server.</source>
        <translation>机构服务器上没有新的审核结论。</translation>
    </message>
    <message>
        <source>The review results could not be fetched: {why}</source>
        <translation>未能获取审核结果：{why}</translation>
    </message>
</context>
<context>
    <name>CaseDetailPage</name>
    <message>
        <source>The case cannot be opened</source>
        <translation>无法打开案件</translation>
    </message>
    <message>
        <source>← Case list</source>
        <translation>← 案件列表</translation>
    </message>
    <message>
        <source>Export data bundle…</source>
        <translation>导出数据包…</translation>
    </message>
    <message>
        <source>Write the signed record with its video as an encrypted bundle for the agency</source>
        <translation>将已签名的评估记录连同录像写成加密数据包，交给评估机构</translation>
    </message>
    <message>
        <source>{name} · {application_type}</source>
        <translation>{name} · {application_type}</translation>
    </message>
    <message>
        <source>Resume the visit…</source>
        <translation>继续上门评估…</translation>
    </message>
    <message>
        <source>Start the visit…</source>
        <translation>开始上门评估…</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Materials ({missing} missing)</source>
        <translation>申请材料（缺 {missing} 项）</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Self-assessment</source>
        <translation>自评表</translation>
    </message>
    <message>
        <source>Record versions ({count})</source>
        <translation>评估记录版本（{count}）</translation>
    </message>
    <message>
        <source>Record versions</source>
        <translation>评估记录版本</translation>
    </message>
</context>
<context>
    <name>CaseListModel</name>
    <message>
        <source>Masked; assigned experts can show the full number in the case</source>
        <translation>已脱敏；本案评估人员可在案件中查看完整号码</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Task number</source>
        <translation>任务编号</translation>
    </message>
    <message>
        <source>Application type</source>
        <translation>申请类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>受理日期</translation>
    </message>
    <message>
        <source>Planned visit</source>
        <translation>计划评估日期</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <source>Search failed</source>
        <translation>查询失败</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件列表</translation>
    </message>
    <message>
        <source>Search by name, ID number (or its beginning) or task number</source>
        <translation>按姓名、身份证号（或其开头）或任务编号查询</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>打开案件</translation>
    </message>
    <message>
        <source>Click on Applicant, Received on or Planned visit to sort</source>
        <translation>点击“申请人”“受理日期”或“计划评估日期”列标题排序</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>{total} cases found, {shown} shown</source>
        <translation>共找到 {total} 个案件，已显示 {shown} 个</translation>
    </message>
    <message>
        <source>{total} cases found</source>
        <translation>共找到 {total} 个案件</translation>
    </message>
</context>
<context>
    <name>CaseOverview</name>
    <message>
        <source>not agreed yet</source>
        <translation>尚未约定</translation>
    </message>
    <message>
        <source>not assigned yet</source>
        <translation>尚未指定</translation>
    </message>
    <message>
        <source>no signed grade</source>
        <translation>无已签名等级</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Earlier applications of this person</source>
        <translation>此人的既往申请</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>身份证号：</translation>
    </message>
    <message>
        <source>Sex:</source>
        <translation>性别：</translation>
    </message>
    <message>
        <source>Born:</source>
        <translation>出生日期：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>联系电话：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Task number:</source>
        <translation>任务编号：</translation>
    </message>
    <message>
        <source>Application type:</source>
        <translation>申请类型：</translation>
    </message>
    <message>
        <source>Insurance:</source>
        <translation>参保类型：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Received on:</source>
        <translation>受理日期：</translation>
    </message>
    <message>
        <source>Planned visit:</source>
        <translation>计划评估日期：</translation>
    </message>
    <message>
        <source>Assessors:</source>
        <translation>评估人员：</translation>
    </message>
    <message>
        <source>Show full number</source>
        <translation>显示完整号码</translation>
    </message>
    <message>
        <source>For the assessors of this case; shown for 30 seconds</source>
        <translation>仅限本案评估人员；显示 30 秒</translation>
    </message>
    <message>
        <source>None: this is the person&apos;s first application on record.</source>
        <translation>无：这是此人第一次有记录的申请。</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Application type</source>
        <translation>申请类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>评估等级</translation>
    </message>
</context>
<context>
    <name>CaseUploadPanel</name>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Send the exported bundle to the agency server; the upload queue resumes it after a cut or a restart</source>
        <translation>把已导出的数据包发送到机构服务器；网络中断或程序重启后，上传队列会从断点继续</translation>
    </message>
    <message>
        <source>Where is the bundle folder?</source>
        <translation>数据包文件夹在哪里？</translation>
    </message>
    <message>
        <source>The bundle cannot be uploaded</source>
        <translation>无法上传数据包</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct version {version}</source>
        <translation>更正第 {version} 版</translation>
    </message>
    <message>
        <source>Version {version} is signed and stays as it is. The correction becomes version {next}, starting from the same answers; the author and the reason are recorded with it.</source>
        <translation>第 {version} 版已签名，保持不变。更正将作为第 {next} 版，从相同的答案开始；更正人和原因随之记录。</translation>
    </message>
    <message>
        <source>What is wrong in the signed record, and how it was found</source>
        <translation>已签名记录中哪里有误，以及如何发现的</translation>
    </message>
    <message>
        <source>At least {count} characters.</source>
        <translation>至少 {count} 个字。</translation>
    </message>
    <message>
        <source>Create new version</source>
        <translation>创建新版本</translation>
    </message>
    <message>
        <source>Corrected by:</source>
        <translation>更正人：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>更正原因：</translation>
    </message>
</context>
<context>
    <name>DashboardCharts</name>
    <message>
        <source>Grade shares per assessor against the whole agency</source>
        <translation>各评估人员评估等级构成（对照全机构）</translation>
    </message>
    <message>
        <source>⚠ {assessor} (outlier)</source>
        <translation>⚠ {assessor}（异常）</translation>
    </message>
    <message>
        <source>Share of severe grades (重度失能 I–III) per month</source>
        <translation>重度失能（Ⅰ–Ⅲ级）占比（按月）</translation>
    </message>
    <message>
        <source>% of visits</source>
        <translation>占评估次数 %</translation>
    </message>
    <message>
        <source>Returned and re-check (复核) rate per assessor</source>
        <translation>退回率与复核率（按评估人员）</translation>
    </message>
    <message>
        <source>returned rate</source>
        <translation>退回率</translation>
    </message>
    <message>
        <source>re-check rate</source>
        <translation>复核率</translation>
    </message>
    <message>
        <source>% of decided records</source>
        <translation>占已审核记录 %</translation>
    </message>
    <message>
        <source>Visits per day</source>
        <translation>每日评估次数</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>评估次数</translation>
    </message>
    <message>
        <source>Median visit duration per assessor</source>
        <translation>评估用时中位数（按评估人员）</translation>
    </message>
    <message>
        <source>median (minutes)</source>
        <translation>用时中位数（分钟）</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>Answers changed per visit, per assessor</source>
        <translation>每次评估平均修改答案次数（按评估人员）</translation>
    </message>
    <message>
        <source>changes per visit</source>
        <translation>每次评估平均修改次数</translation>
    </message>
    <message>
        <source>Dual-entry agreement per assessor</source>
        <translation>双人录入一致率（按评估人员）</translation>
    </message>
    <message>
        <source>agreement rate</source>
        <translation>一致率</translation>
    </message>
    <message>
        <source>% of items alike</source>
        <translation>一致项目 %</translation>
    </message>
    <message>
        <source>Flagged re-applicants by number of applications</source>
        <translation>频繁申请人员（按申请次数）</translation>
    </message>
    <message>
        <source>people</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>{count} applications</source>
        <translation>申请 {count} 次</translation>
    </message>
</context>
<context>
    <name>DashboardSection</name>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Save this table as a CSV file (UTF-8 with BOM, opens in Excel)</source>
        <translation>将本表保存为 CSV 文件（UTF-8 带 BOM，可用 Excel 打开）</translation>
    </message>
    <message>
        <source>Test per assessor</source>
        <translation>按评估人员检验</translation>
    </message>
    <message>
        <source>All figures</source>
        <translation>全部数据</translation>
    </message>
    <message>
        <source>No visits in this period</source>
        <translation>该期间没有评估</translation>
    </message>
    <message>
        <source>Assessor</source>
        <translation>评估人员</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>评估次数</translation>
    </message>
    <message>
        <source>Chi-square goodness of fit of each assessor&apos;s grades against the whole agency&apos;s shares (df = {df}); tested: {tested} assessors with at least {minimum} visits; outlier when p &lt; α/m = {threshold} (α = {alpha}, Bonferroni). Standardised residuals beyond ±2 are coloured (red: more often than expected). Outliers: {outliers}.</source>
        <translation>卡方拟合优度检验：各评估人员的等级分布对照全机构各等级占比（自由度 {df}）；参与检验 {tested} 名（评估次数不少于 {minimum}）；p &lt; α/m = {threshold} 时判为异常（α = {alpha}，Bonferroni 校正）。标准化残差超过 ±2 的以颜色标出（红色：多于期望，蓝色：少于期望）。异常：{outliers}。</translation>
    </message>
    <message>
        <source>p-value</source>
        <translation>P 值</translation>
    </message>
    <message>
        <source>Outlier</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>residual
{grade}</source>
        <translation>残差
{grade}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>not tested</source>
        <translation>未检验</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>Demo mode · Demo agency (DEMO) — for training and trial only, all data is fictitious</source>
        <translation>演示模式 · 演示机构（DEMO）— 仅用于培训与试用，数据均为虚构</translation>
    </message>
    <message>
        <source>Demo logins</source>
        <translation>演示账号</translation>
    </message>
</context>
<context>
    <name>DemoMode</name>
    <message>
        <source>Demo logins (public, for training only):</source>
        <translation>演示账号（公开，仅供培训）：</translation>
    </message>
    <message>
        <source>{number} / {passphrase} — {name} ({role})</source>
        <translation>{number} / {passphrase} — {name}（{role}）</translation>
    </message>
    <message>
        <source>Administrator passphrase of the demo data: {passphrase}</source>
        <translation>演示数据的管理员口令：{passphrase}</translation>
    </message>
</context>
<context>
    <name>DeskBar</name>
    <message>
        <source>The agency server cannot be reached</source>
        <translation>无法连接机构服务器</translation>
    </message>
    <message>
        <source>Signing in to the agency server failed</source>
        <translation>登录机构服务器失败</translation>
    </message>
    <message>
        <source>Shared queue of the agency server {url} — signed in as {number} {name} ({role})</source>
        <translation>机构服务器 {url} 的共享审核队列 — 已登录：{number} {name}（{role}）</translation>
    </message>
    <message>
        <source>Signing in to the agency server…</source>
        <translation>正在登录机构服务器…</translation>
    </message>
    <message>
        <source>This workstation&apos;s own records. To work on the agency server&apos;s shared queue, sign in with your passphrase:</source>
        <translation>当前显示本工作站的记录。如需处理机构服务器上的共享审核队列，请输入您的口令登录：</translation>
    </message>
    <message>
        <source>Sign in to the agency server</source>
        <translation>登录机构服务器</translation>
    </message>
    <message>
        <source>Sign out of the server</source>
        <translation>退出服务器</translation>
    </message>
</context>
<context>
    <name>FingerprintConfirmation</name>
    <message>
        <source>Import the agency provisioning package</source>
        <translation>导入机构配置包</translation>
    </message>
    <message>
        <source>demo package</source>
        <translation>演示配置包</translation>
    </message>
    <message>
        <source>agency package</source>
        <translation>机构配置包</translation>
    </message>
    <message>
        <source>{name} ({code}), {kind}, {count} people.</source>
        <translation>{name}（{code}），{kind}，共 {count} 人。</translation>
    </message>
    <message>
        <source>This is the first package on this workstation: its CA becomes the one this workstation trusts. Compare the fingerprint below, group by group, with the one the agency gave you on paper or by phone. Import only if they are identical.</source>
        <translation>这是本机导入的第一个配置包：其签发 CA 将成为本机信任的 CA。请将下面的指纹与机构以书面或电话方式提供的指纹逐组核对，完全一致时才导入。</translation>
    </message>
    <message>
        <source>The package must be signed under the CA this workstation already trusts; this is checked on import. Its CA fingerprint:</source>
        <translation>配置包必须由本机已信任的 CA 签发，导入时会核验。其 CA 指纹：</translation>
    </message>
    <message>
        <source>Fingerprint matches: import</source>
        <translation>指纹一致，导入</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>FirstPassphraseDialog</name>
    <message>
        <source>Choose your passphrase</source>
        <translation>设置个人口令</translation>
    </message>
    <message>
        <source>{who}: this is your first sign-in on this workstation. Type the one-time enrolment code you were given (by the agency, or by the administrator who added you), then choose your personal passphrase. It protects your signature key, so only you may know it: at least 8 characters, not your name or number, not a common password.</source>
        <translation>{who}：这是您在本机首次登录。请输入发给您的一次性注册码（由机构发放；本机新增的评估员由添加您的管理员发放），再设置个人口令。口令保护您的签名私钥，只能由您本人知道：至少 8 个字符，不含姓名或编号，不要使用常见口令。</translation>
    </message>
    <message>
        <source>Enrolment code:</source>
        <translation>一次性注册码：</translation>
    </message>
    <message>
        <source>New passphrase:</source>
        <translation>新口令：</translation>
    </message>
    <message>
        <source>Repeat:</source>
        <translation>再次输入：</translation>
    </message>
    <message>
        <source>Set passphrase</source>
        <translation>设置口令</translation>
    </message>
    <message>
        <source>The two passphrases differ; please type them again.</source>
        <translation>两次输入的口令不一致，请重新输入。</translation>
    </message>
</context>
<context>
    <name>FirstUseDialog</name>
    <message>
        <source>First use: set the administrator passphrase</source>
        <translation>首次使用：设置管理员口令</translation>
    </message>
    <message>
        <source>The case data on this computer is stored encrypted. The administrator passphrase unlocks it whenever the system&apos;s credential store cannot provide the key (for example after the user profile or the operating system was reinstalled, or when the data is moved to another computer). Choose at least {minimum} characters and keep the passphrase in a safe place: without it the data cannot be opened in those cases.</source>
        <translation>本机的案件数据以加密方式保存。当系统凭据存储无法提供密钥时（例如重装了用户配置或操作系统，或数据迁移到另一台电脑），需要用管理员口令解锁加密的案件数据。口令至少 {minimum} 个字符，请妥善保管：遇到上述情况时，没有口令将无法打开数据。</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>Repeat passphrase:</source>
        <translation>再次输入口令：</translation>
    </message>
    <message>
        <source>Set passphrase and start</source>
        <translation>设置口令并开始</translation>
    </message>
    <message>
        <source>The two passphrases differ; please type them again.</source>
        <translation>两次输入的口令不一致，请重新输入。</translation>
    </message>
    <message>
        <source>The passphrase is too short: use at least {minimum} characters.</source>
        <translation>口令太短：至少 {minimum} 个字符。</translation>
    </message>
    <message>
        <source>The passphrase is too long.</source>
        <translation>口令太长。</translation>
    </message>
    <message>
        <source>Mix letters, digits or symbols, or use at least 16 characters.</source>
        <translation>请混合使用字母、数字或符号，或使用至少 16 个字符。</translation>
    </message>
    <message>
        <source>Use more different characters.</source>
        <translation>请使用更多不同的字符。</translation>
    </message>
    <message>
        <source>A simple sequence such as 12345678 is too easy to guess.</source>
        <translation>12345678 之类的简单序列太容易被猜到。</translation>
    </message>
    <message>
        <source>This passphrase is among the most common ones; choose another.</source>
        <translation>这是最常见的口令之一，请换一个。</translation>
    </message>
    <message>
        <source>This passphrase is too easy to guess; choose another.</source>
        <translation>此口令太容易被猜到，请换一个。</translation>
    </message>
</context>
<context>
    <name>FlagsBanner</name>
    <message>
        <source>⚠ Re-application check: a reviewer should look at this application</source>
        <translation>⚠ 纠偏提示：此申请需审核人员关注</translation>
    </message>
</context>
<context>
    <name>IntakePage</name>
    <message>
        <source>{count} of 18 characters</source>
        <translation>已输入 {count}/18 位</translation>
    </message>
    <message>
        <source>Born {date} · {sex} · {age} years old</source>
        <translation>出生日期 {date} · {sex} · {age} 周岁</translation>
    </message>
    <message>
        <source>The case was not saved</source>
        <translation>案件未保存</translation>
    </message>
    <message>
        <source>No assessor is registered on this computer yet (ltc-assess experts add).</source>
        <translation>本机尚未登记评估员（可用 ltc-assess experts add 添加）。</translation>
    </message>
    <message>
        <source>New application (intake)</source>
        <translation>新建受理</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Materials received</source>
        <translation>已收材料</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>ID number:</source>
        <translation>身份证号：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>联系电话：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Insurance:</source>
        <translation>参保类型：</translation>
    </message>
    <message>
        <source>Application type:</source>
        <translation>申请类型：</translation>
    </message>
    <message>
        <source>Task number:</source>
        <translation>任务编号：</translation>
    </message>
    <message>
        <source>Planned visit:</source>
        <translation>计划评估日期：</translation>
    </message>
    <message>
        <source>Assessor 1:</source>
        <translation>评估员一：</translation>
    </message>
    <message>
        <source>Assessor 2:</source>
        <translation>评估员二：</translation>
    </message>
    <message>
        <source>18 characters, as on the identity card</source>
        <translation>18 位，与身份证一致</translation>
    </message>
    <message>
        <source>Mobile or landline with area code</source>
        <translation>手机号，或带区号的固定电话</translation>
    </message>
    <message>
        <source>The agency&apos;s task number, if any</source>
        <translation>经办机构的任务编号（如有）</translation>
    </message>
    <message>
        <source>Agreed</source>
        <translation>已约定</translation>
    </message>
    <message>
        <source>Please choose…</source>
        <translation>请选择…</translation>
    </message>
    <message>
        <source>Not assigned yet</source>
        <translation>暂不指定</translation>
    </message>
    <message>
        <source>Fill in name, phone and address</source>
        <translation>填入已登记的姓名、电话和地址</translation>
    </message>
    <message>
        <source>Clear form</source>
        <translation>清空表单</translation>
    </message>
    <message>
        <source>Save application</source>
        <translation>保存受理</translation>
    </message>
    <message>
        <source>This ID number is on record for {name}.</source>
        <translation>此身份证号已登记，申请人：{name}。</translation>
    </message>
    <message>
        <source>Not saved. Please correct {count} field(s):</source>
        <translation>未保存。请更正以下 {count} 项：</translation>
    </message>
</context>
<context>
    <name>IntakeReport</name>
    <message>
        <source>The application was registered.</source>
        <translation>已受理。</translation>
    </message>
    <message>
        <source>The applicant was already on record; the earlier applications are linked.</source>
        <translation>申请人已有记录，已关联其既往申请。</translation>
    </message>
    <message>
        <source>ATTENTION — re-application check:</source>
        <translation>注意 — 纠偏提示：</translation>
    </message>
    <message>
        <source>Materials still missing:</source>
        <translation>尚缺材料：</translation>
    </message>
    <message>
        <source>All required materials are received.</source>
        <translation>必需材料已收齐。</translation>
    </message>
    <message>
        <source>Application registered</source>
        <translation>受理成功</translation>
    </message>
    <message>
        <source>Open the case</source>
        <translation>打开案件</translation>
    </message>
    <message>
        <source>An open case exists</source>
        <translation>已有未结案件</translation>
    </message>
    <message>
        <source>Open that case</source>
        <translation>打开该案件</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
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
    <name>LanguageSwitch</name>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
</context>
<context>
    <name>LargeTextAction</name>
    <message>
        <source>Large text</source>
        <translation>大字体</translation>
    </message>
    <message>
        <source>Make all text larger (remembered for the signed-in person)</source>
        <translation>放大全部文字（按当前登录人员记住）</translation>
    </message>
</context>
<context>
    <name>LockPanel</name>
    <message>
        <source>Locked — enter your passphrase to unlock</source>
        <translation>已锁定 — 请输入口令解锁</translation>
    </message>
    <message>
        <source>Signed in: {person} · {role}</source>
        <translation>当前用户：{person} · {role}</translation>
    </message>
    <message>
        <source>Your passphrase</source>
        <translation>个人口令</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Switch user…</source>
        <translation>切换用户…</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign in with your expert number and your personal passphrase. Everything you do in the application is recorded under your name.</source>
        <translation>请用评估人员编号和个人口令登录。您在本程序中的所有操作都以您的名义记录。</translation>
    </message>
    <message>
        <source>Choose or type your expert number</source>
        <translation>选择或输入评估人员编号</translation>
    </message>
    <message>
        <source>Expert number:</source>
        <translation>评估人员编号：</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>个人口令：</translation>
    </message>
    <message>
        <source>Opening the encrypted case data…</source>
        <translation>正在打开加密数据…</translation>
    </message>
    <message>
        <source>There are no accounts on this workstation yet. The administrator imports the agency&apos;s provisioning package first: ltc-assess provision import FILE. To try the application, start it in demo mode: ltc-assess-gui --demo.</source>
        <translation>本机还没有任何账户。请管理员先导入机构配置包：ltc-assess provision import 文件。如只想试用，请以演示模式启动：ltc-assess-gui --demo。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出程序</translation>
    </message>
    <message>
        <source>Choose or type your expert number.</source>
        <translation>请选择或输入评估人员编号。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The visit cannot be resumed</source>
        <translation>无法继续上门评估</translation>
    </message>
    <message>
        <source>Interrupted visit</source>
        <translation>未完成的上门评估</translation>
    </message>
    <message>
        <source>The visit of {name} was interrupted (last activity {when}). Every answer given is saved. Resume it now? The second expert signs in again; the recording continues as a new, linked part.</source>
        <translation>{name} 的上门评估被中断（最后操作 {when}）。已作答的内容全部保存。现在继续吗？第二位评估人员需重新登录；录像将作为新的、相互链接的一段继续。</translation>
    </message>
    <message>
        <source>LTC Disability Assessment Workstation</source>
        <translation>长护险失能等级评估工作站</translation>
    </message>
    <message>
        <source>Backup…</source>
        <translation>备份…</translation>
    </message>
    <message>
        <source>Write an encrypted backup file of all case records</source>
        <translation>将全部案件数据写入一个加密备份文件</translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation>恢复…</translation>
    </message>
    <message>
        <source>Replace all case records by a verified backup</source>
        <translation>用校验通过的备份替换全部案件数据</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件列表</translation>
    </message>
    <message>
        <source>New intake</source>
        <translation>新建受理</translation>
    </message>
    <message>
        <source>Calculator</source>
        <translation>评分计算器</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>管理</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>统计与稽核</translation>
    </message>
    <message>
        <source>Upload queue…</source>
        <translation>上传队列…</translation>
    </message>
    <message>
        <source>Bundles being sent to the agency server: progress, results, cancel and retry</source>
        <translation>正在发送到机构服务器的数据包：进度、结果、取消与重试</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>Versions, and the licences of the shipped font and libraries</source>
        <translation>版本信息，以及随附字体和程序库的许可协议</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Sign out; the next person signs in with their own passphrase</source>
        <translation>退出登录；下一位用户用自己的口令登录</translation>
    </message>
    <message>
        <source>The sign-out was not recorded</source>
        <translation>退出登录未能记入日志</translation>
    </message>
    <message>
        <source>Signed in: {person} · {role}</source>
        <translation>已登录：{person} · {role}</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Read only: new cases are taken in by assessors and administrators. As a reviewer you see the case list and the cases.</source>
        <translation>只读：新案件由评估员或管理员受理。审核人员可查看案件列表和案件。</translation>
    </message>
    <message>
        <source>Read only: as a reviewer you see this case but do not change it.</source>
        <translation>只读：审核人员可查看本案件，但不能更改。</translation>
    </message>
</context>
<context>
    <name>MaterialsChecklist</name>
    <message>
        <source>Choose the application type to see its materials.</source>
        <translation>请先选择申请类型，再勾选对应材料。</translation>
    </message>
    <message>
        <source>{material} (required)</source>
        <translation>{material}（必需）</translation>
    </message>
    <message>
        <source>{material} (optional)</source>
        <translation>{material}（可选）</translation>
    </message>
</context>
<context>
    <name>MaterialsPanel</name>
    <message>
        <source>{material} (required)</source>
        <translation>{material}（必需）</translation>
    </message>
    <message>
        <source>{material} (optional)</source>
        <translation>{material}（可选）</translation>
    </message>
    <message>
        <source>Tick when the original was seen, even without a scan</source>
        <translation>已核验原件时勾选，即使没有扫描件</translation>
    </message>
    <message>
        <source>no scan</source>
        <translation>无扫描件</translation>
    </message>
    <message>
        <source>Import scan…</source>
        <translation>导入扫描件…</translation>
    </message>
    <message>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>View</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Still missing: {materials}</source>
        <translation>尚缺：{materials}</translation>
    </message>
    <message>
        <source>All required materials are received.</source>
        <translation>必需材料已收齐。</translation>
    </message>
    <message>
        <source>Import a scan</source>
        <translation>导入扫描件</translation>
    </message>
    <message>
        <source>Scans (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</source>
        <translation>扫描件 (*.jpg *.jpeg *.png *.tif *.tiff *.pdf)</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>未能拍照</translation>
    </message>
    <message>
        <source>The scan cannot be shown</source>
        <translation>无法显示扫描件</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>The scan was not stored</source>
        <translation>扫描件未保存</translation>
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
    <name>PdfPreviewDialog</name>
    <message>
        <source>Shown from memory: nothing has been written to disk.</source>
        <translation>仅在内存中显示：未向磁盘写入任何文件。</translation>
    </message>
    <message>
        <source>Save an unencrypted copy…</source>
        <translation>另存为未加密副本…</translation>
    </message>
    <message>
        <source>Unencrypted copy</source>
        <translation>未加密副本</translation>
    </message>
    <message>
        <source>The copy is NOT encrypted: anyone who gets the file can read the applicant&apos;s personal data. Save it only where it is protected, and delete it when it is no longer needed. Save anyway?</source>
        <translation>该副本未加密：任何拿到此文件的人都能读取申请人的个人信息。请只保存到受保护的位置，不再需要时请删除。仍要保存吗？</translation>
    </message>
    <message>
        <source>Save an unencrypted copy</source>
        <translation>另存为未加密副本</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The copy was not saved</source>
        <translation>副本未保存</translation>
    </message>
</context>
<context>
    <name>PhotoPreviewDialog</name>
    <message>
        <source>Photo of the material</source>
        <translation>材料照片</translation>
    </message>
    <message>
        <source>No camera was found: this is a SYNTHETIC TEST IMAGE from the built-in test camera, not a photo of the document. Keep it only for trying out the program.</source>
        <translation>未找到摄像头：这是内置测试摄像头生成的合成测试图像，不是材料的照片。仅在试用本程序时保留。</translation>
    </message>
    <message>
        <source>Keep photo</source>
        <translation>保存照片</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Choose a reason.</source>
        <translation>请选择原因。</translation>
    </message>
    <message>
        <source>At least {count} characters.</source>
        <translation>至少 {count} 个字。</translation>
    </message>
</context>
<context>
    <name>RecordHistoryView</name>
    <message>
        <source>The record history cannot be shown</source>
        <translation>无法显示评估记录版本</translation>
    </message>
    <message>
        <source>No correction was made</source>
        <translation>未进行更正</translation>
    </message>
    <message>
        <source>Draft (being corrected)</source>
        <translation>草稿（更正中）</translation>
    </message>
    <message>
        <source>Visit in progress</source>
        <translation>上门评估中</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>更正…</translation>
    </message>
    <message>
        <source>Create a new version of the signed record, with author and reason</source>
        <translation>为已签名记录创建新版本，记录更正人和原因</translation>
    </message>
    <message>
        <source>Only the newest version, once signed</source>
        <translation>只能更正已签名的最新版本</translation>
    </message>
    <message>
        <source>No assessment record yet. Versions appear here once a visit is recorded.</source>
        <translation>尚无评估记录。上门评估记录后，各版本将显示在此。</translation>
    </message>
    <message>
        <source>{count} version(s). Answers that differ from the version before are marked.</source>
        <translation>共 {count} 个版本。与上一版本不同的答案已标出。</translation>
    </message>
    <message>
        <source>Version {version}: corrected by {author}. Reason: {reason}</source>
        <translation>第 {version} 版：{author} 更正，原因：{reason}</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>第 {version} 版</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Corrected by</source>
        <translation>更正人</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>更正原因</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>评估等级</translation>
    </message>
    <message>
        <source>{score} pts</source>
        <translation>{score} 分</translation>
    </message>
    <message>
        <source>Changed since version {version}</source>
        <translation>与第 {version} 版不同</translation>
    </message>
</context>
<context>
    <name>RecordingPanel</name>
    <message>
        <source>Resume recording</source>
        <translation>继续录像</translation>
    </message>
    <message>
        <source>Pause…</source>
        <translation>暂停…</translation>
    </message>
    <message>
        <source>Not recording (waived)</source>
        <translation>未录像（已按规定免录）</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>录像中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Camera lost: waiting</source>
        <translation>摄像头中断：等待恢复</translation>
    </message>
    <message>
        <source>Stopped: disk full</source>
        <translation>已停止：磁盘空间不足</translation>
    </message>
    <message>
        <source>Not recording</source>
        <translation>未录像</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>无画面</translation>
    </message>
    <message>
        <source>The camera stopped delivering pictures. The assessment goes on; the gap is recorded. Check the cable.</source>
        <translation>摄像头没有画面。评估可以继续，中断时段已记录。请检查连接线。</translation>
    </message>
    <message>
        <source>The camera is back; recording continues.</source>
        <translation>摄像头已恢复，录像继续。</translation>
    </message>
    <message>
        <source>No microphone: the video is recorded without sound.</source>
        <translation>没有麦克风：录像无声音。</translation>
    </message>
    <message>
        <source>The disk is nearly full: recording stopped cleanly. Every answer is still saved; free space and tell the agency.</source>
        <translation>磁盘空间即将用尽：录像已安全停止。所有答案均已保存；请清理空间并告知评估机构。</translation>
    </message>
    <message>
        <source>The recording could not be written and stopped. Every answer is still saved.</source>
        <translation>录像无法写入，已停止。所有答案均已保存。</translation>
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
    <name>RevealDialog</name>
    <message>
        <source>Show the full ID number</source>
        <translation>显示完整身份证号</translation>
    </message>
    <message>
        <source>Only the experts assigned to this case may see the full ID number. It is shown for {seconds} seconds.</source>
        <translation>只有分配到本案件的评估人员才能查看完整身份证号。号码显示 {seconds} 秒。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Requested by:</source>
        <translation>查看人：</translation>
    </message>
    <message>
        <source>Hidden again in {seconds} s</source>
        <translation>{seconds} 秒后自动隐藏</translation>
    </message>
</context>
<context>
    <name>ReviewDecisionDialog</name>
    <message>
        <source>Reason (required)</source>
        <translation>理由（必填）</translation>
    </message>
    <message>
        <source>Remark (optional)</source>
        <translation>备注（可不填）</translation>
    </message>
    <message>
        <source>Your passphrase (signs the decision):</source>
        <translation>您的口令（用于签署审核结论）：</translation>
    </message>
    <message>
        <source>Sign and decide</source>
        <translation>签名并作出结论</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>The queue cannot be shown</source>
        <translation>无法显示审核列表</translation>
    </message>
    <message>
        <source>in sample</source>
        <translation>已抽中</translation>
    </message>
    <message>
        <source>{count} signed records; {flagged} flagged</source>
        <translation>共 {count} 份已签名记录，其中 {flagged} 份有提示</translation>
    </message>
    <message>
        <source>you, until {time} UTC</source>
        <translation>您（至 UTC {time}）</translation>
    </message>
    <message>
        <source>{reviewer}, until {time} UTC</source>
        <translation>{reviewer}（至 UTC {time}）</translation>
    </message>
    <message>
        <source>The record was not claimed</source>
        <translation>未能领取该记录</translation>
    </message>
    <message>
        <source>No record was claimed</source>
        <translation>未领取任何记录</translation>
    </message>
    <message>
        <source>The claim was not released</source>
        <translation>未能释放领取</translation>
    </message>
    <message>
        <source>No unclaimed record is left in the shown queue.</source>
        <translation>当前队列中已没有未被领取的记录。</translation>
    </message>
    <message>
        <source>No sample was drawn</source>
        <translation>未能抽查</translation>
    </message>
    <message>
        <source>Sample of {percent} % with seed {seed}: {count} of {total} records (logged in the audit log)</source>
        <translation>按种子 {seed} 抽查 {percent}%：共 {total} 份记录，抽中 {count} 份（已写入审计日志）</translation>
    </message>
    <message>
        <source>Export the public list (公示)</source>
        <translation>导出公示名单</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv);;PDF (*.pdf)</source>
        <translation>CSV 表格（Excel）(*.csv);;PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The public list was not exported</source>
        <translation>公示名单未能导出</translation>
    </message>
    <message>
        <source>Public list exported</source>
        <translation>公示名单已导出</translation>
    </message>
    <message>
        <source>{count} approved assessments, names and ID numbers masked, written to {path}.</source>
        <translation>已将 {count} 条审核通过的评估结果（姓名和身份证号已脱敏）写入 {path}。</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退回</translation>
    </message>
    <message>
        <source>Review (复核) ordered</source>
        <translation>已转入复核</translation>
    </message>
    <message>
        <source>Answered while paused</source>
        <translation>暂停录像时评定</translation>
    </message>
    <message>
        <source>Short visit</source>
        <translation>评估用时过短</translation>
    </message>
    <message>
        <source>Many changes</source>
        <translation>多次修改</translation>
    </message>
    <message>
        <source>Self-assessment ≥ 2 grades apart</source>
        <translation>自评与结果相差 ≥ 2 级</translation>
    </message>
    <message>
        <source>Early reassessment</source>
        <translation>过早复评</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Any flag</source>
        <translation>任一提示</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>评估人员</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Draw sample</source>
        <translation>抽查</translation>
    </message>
    <message>
        <source>A reproducible random sample of the shown queue; the seed and the sample are written to the audit log</source>
        <translation>从当前列表中按种子可复现地随机抽取；种子和抽查结果写入审计日志</translation>
    </message>
    <message>
        <source>Import data bundle…</source>
        <translation>导入数据包…</translation>
    </message>
    <message>
        <source>Import an expert&apos;s bundle: it is verified check by check before anything is stored</source>
        <translation>导入评估人员提交的数据包：先逐项校验，通过后才保存</translation>
    </message>
    <message>
        <source>Open record</source>
        <translation>打开记录</translation>
    </message>
    <message>
        <source>Export 公示 list…</source>
        <translation>导出公示名单…</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>签名日期</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>评估人员</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>抽查</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>领取人</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>领取</translation>
    </message>
    <message>
        <source>Hold the selected record on the shared queue: only you can decide it until you release it or the claim expires</source>
        <translation>在共享队列中领取所选记录：在您释放或领取到期之前，只有您可以作出审核决定</translation>
    </message>
    <message>
        <source>Claim next</source>
        <translation>领取下一条</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>释放</translation>
    </message>
</context>
<context>
    <name>ReviewRecordView</name>
    <message>
        <source>The record cannot be shown</source>
        <translation>无法显示该记录</translation>
    </message>
    <message>
        <source>{name} · case {task} · version {version} · grade: {grade} · experts: {experts}</source>
        <translation>{name} · 案件 {task} · 第 {version} 版 · 等级：{grade} · 评估人员：{experts}</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>录像</translation>
    </message>
    <message>
        <source>By</source>
        <translation>评定人</translation>
    </message>
    <message>
        <source>{dimension}: {sum} → {level}</source>
        <translation>{dimension}：{sum} 分 → {level}</translation>
    </message>
    <message>
        <source>Grade: {grade}</source>
        <translation>等级：{grade}</translation>
    </message>
    <message>
        <source>No self-assessment was recorded for this case.</source>
        <translation>本案件没有自评记录。</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>评估人员</translation>
    </message>
    <message>
        <source>Self-assessment grade: {own} · experts&apos; grade: {experts}</source>
        <translation>自评等级：{own} · 评估等级：{experts}</translation>
    </message>
    <message>
        <source>Differs</source>
        <translation>不同</translation>
    </message>
    <message>
        <source>From</source>
        <translation>原答案</translation>
    </message>
    <message>
        <source>To</source>
        <translation>新答案</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Recording started</source>
        <translation>开始录像</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Resumed</source>
        <translation>继续录像</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Camera lost</source>
        <translation>摄像头中断</translation>
    </message>
    <message>
        <source>Stopped: disk full</source>
        <translation>已停止：磁盘已满</translation>
    </message>
    <message>
        <source>Disk almost full</source>
        <translation>磁盘空间不足</translation>
    </message>
    <message>
        <source>Decision: {decision} on {day}{reason}</source>
        <translation>审核结论：{decision}（{day}）{reason}</translation>
    </message>
    <message>
        <source>Not reviewed yet</source>
        <translation>尚未审核</translation>
    </message>
    <message>
        <source>not claimed: claim it in the queue to decide</source>
        <translation>尚未领取：请先在队列中领取后再作决定</translation>
    </message>
    <message>
        <source>claimed by you until {time} UTC</source>
        <translation>已由您领取（至 UTC {time}）</translation>
    </message>
    <message>
        <source>claimed by {reviewer} until {time} UTC: you can view it, not decide it</source>
        <translation>已由 {reviewer} 领取（至 UTC {time}）：您可以查看，但不能作出决定</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>returned to the experts</source>
        <translation>退回评估人员</translation>
    </message>
    <message>
        <source>review (复核) ordered</source>
        <translation>转入复核</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Approve the record</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>The grade stands and the case is closed. Your signature goes on the decision.</source>
        <translation>评估等级维持不变，案件办结。审核意见书将附上您的签名。</translation>
    </message>
    <message>
        <source>Return to the experts</source>
        <translation>退回评估人员</translation>
    </message>
    <message>
        <source>The experts correct the record as a new version. Say what must be corrected.</source>
        <translation>评估人员将以新版本更正记录。请说明需要更正的内容。</translation>
    </message>
    <message>
        <source>Order a review (复核)</source>
        <translation>转入复核</translation>
    </message>
    <message>
        <source>A new, linked review case is opened for a second assessment. Say why.</source>
        <translation>将新建一个关联的复核案件，重新评估。请说明理由。</translation>
    </message>
    <message>
        <source>The decision was not taken</source>
        <translation>未能作出审核结论</translation>
    </message>
    <message>
        <source>Export the signed decision</source>
        <translation>导出已签名的审核结论</translation>
    </message>
    <message>
        <source>Signed decision (*.decision.pdf)</source>
        <translation>已签名的审核结论 (*.decision.pdf)</translation>
    </message>
    <message>
        <source>The decision was not exported</source>
        <translation>审核结论未能导出</translation>
    </message>
    <message>
        <source>Decision exported</source>
        <translation>审核结论已导出</translation>
    </message>
    <message>
        <source>The signed decision was written to {path}. The experts import it on their laptop.</source>
        <translation>已签名的审核结论已写入 {path}。评估人员在其笔记本电脑上导入即可。</translation>
    </message>
    <message>
        <source>← Queue</source>
        <translation>← 审核列表</translation>
    </message>
    <message>
        <source>Answers and trace</source>
        <translation>答案与计分过程</translation>
    </message>
    <message>
        <source>Self-assessment</source>
        <translation>自评</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>修改记录</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>录像</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>审核通过…</translation>
    </message>
    <message>
        <source>Return…</source>
        <translation>退回…</translation>
    </message>
    <message>
        <source>Order 复核…</source>
        <translation>转入复核…</translation>
    </message>
    <message>
        <source>Export decision…</source>
        <translation>导出审核结论…</translation>
    </message>
</context>
<context>
    <name>SelfAssessmentDialog</name>
    <message>
        <source>Self-assessment of the applicant</source>
        <translation>申请人自评表</translation>
    </message>
    <message>
        <source>Enter the answers as the applicant or the family gave them on the self-assessment form. Items they left blank stay blank; the form can be saved incomplete.</source>
        <translation>按申请人或家属在自评表上填写的内容录入。未填写的项目留空即可；自评表可以不完整地保存。</translation>
    </message>
    <message>
        <source>Note, e.g. filled in by the daughter</source>
        <translation>备注，例如：由女儿代填</translation>
    </message>
    <message>
        <source>Save self-assessment</source>
        <translation>保存自评表</translation>
    </message>
    <message>
        <source>The self-assessment was not saved</source>
        <translation>自评表未保存</translation>
    </message>
    <message>
        <source>{answered} of {total} items filled in</source>
        <translation>已填 {answered}/{total} 项</translation>
    </message>
</context>
<context>
    <name>SelfAssessmentView</name>
    <message>
        <source>The self-assessment cannot be shown</source>
        <translation>无法显示自评表</translation>
    </message>
    <message>
        <source>The comparison cannot be shown</source>
        <translation>无法显示对照表</translation>
    </message>
    <message>
        <source>Self-assessment and assessment compared</source>
        <translation>自评与评估对照表</translation>
    </message>
    <message>
        <source>Change self-assessment…</source>
        <translation>修改自评表…</translation>
    </message>
    <message>
        <source>Enter self-assessment…</source>
        <translation>录入自评表…</translation>
    </message>
    <message>
        <source>Comparison as PDF…</source>
        <translation>对照表导出为 PDF…</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>评估项目</translation>
    </message>
    <message>
        <source>Self-assessment</source>
        <translation>自评表</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>评估人员</translation>
    </message>
    <message>
        <source>Differs</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>No self-assessment has been entered for this case yet.</source>
        <translation>本案件尚未录入自评表。</translation>
    </message>
    <message>
        <source>Self-assessment grade: {grade}</source>
        <translation>自评等级：{grade}</translation>
    </message>
    <message>
        <source>not graded (incomplete)</source>
        <translation>未评级（未填完）</translation>
    </message>
    <message>
        <source>The experts have no record yet; the comparison appears once they have.</source>
        <translation>评估人员尚无评估记录；有记录后在此对比。</translation>
    </message>
    <message>
        <source>Experts&apos; grade (version {version}): {grade}</source>
        <translation>评估人员等级（第 {version} 版）：{grade}</translation>
    </message>
    <message>
        <source>{count} item(s) differ (marked).</source>
        <translation>{count} 项不同（已标出）。</translation>
    </message>
    <message>
        <source>Experts (version {version})</source>
        <translation>评估人员（第 {version} 版）</translation>
    </message>
    <message>
        <source>{score} pts</source>
        <translation>{score} 分</translation>
    </message>
    <message>
        <source>differs</source>
        <translation>不同</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Sign inside the box with the mouse, a pen or a finger.</source>
        <translation>请用鼠标、手写笔或手指在框内签名。</translation>
    </message>
</context>
<context>
    <name>SupervisionPage</name>
    <message>
        <source>The agency server cannot be reached</source>
        <translation>无法连接机构服务器</translation>
    </message>
    <message>
        <source>Signing in to the agency server failed</source>
        <translation>登录机构服务器失败</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>全部区县</translation>
    </message>
    <message>
        <source>All assessors</source>
        <translation>全部评估人员</translation>
    </message>
    <message>
        <source>The figures cannot be shown</source>
        <translation>无法显示统计数据</translation>
    </message>
    <message>
        <source>Save the table as CSV</source>
        <translation>将本表保存为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>The table was not saved</source>
        <translation>本表未能保存</translation>
    </message>
    <message>
        <source>Supervision dashboard</source>
        <translation>统计与稽核</translation>
    </message>
    <message>
        <source>Save the page as PDF</source>
        <translation>将本页保存为 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The PDF was not saved</source>
        <translation>PDF 未能保存</translation>
    </message>
    <message>
        <source>Unencrypted file</source>
        <translation>未加密文件</translation>
    </message>
    <message>
        <source>The file is NOT encrypted: it lists frequent re-applicants by name (ID numbers masked). Save it only where it is protected, and delete it when it is no longer needed. Save anyway?</source>
        <translation>该文件未加密：其中列有频繁申请人员的姓名（身份证号已遮盖）。请只保存到受保护的位置，不再需要时请删除。仍要保存吗？</translation>
    </message>
    <message>
        <source>Saved (not encrypted): {path}</source>
        <translation>已保存（未加密）：{path}</translation>
    </message>
    <message>
        <source>Asking the agency server…</source>
        <translation>正在向机构服务器查询…</translation>
    </message>
    <message>
        <source>This workstation has no agency server set up: the supervision figures are kept on the agency server. Ask the administrator to connect it.</source>
        <translation>本工作站尚未设置机构服务器：统计与稽核的数据保存在机构服务器上，请联系管理员为本机接入。</translation>
    </message>
    <message>
        <source>Signed in at {server} as {number} {name} ({role})</source>
        <translation>已登录机构服务器 {server}：{number} {name}（{role}）</translation>
    </message>
    <message>
        <source>Agency server {server}: sign in with your signing key — type your personal passphrase.</source>
        <translation>机构服务器 {server}：请输入个人口令，用您的签名密钥登录。</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>统计与稽核</translation>
    </message>
    <message>
        <source>Personal passphrase</source>
        <translation>个人口令</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Sign out of the server</source>
        <translation>退出服务器</translation>
    </message>
    <message>
        <source>From</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Assessor</source>
        <translation>评估人员</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Save the whole page, plots and tables, as a PDF file</source>
        <translation>将整页（图表与数据表）保存为 PDF 文件</translation>
    </message>
    <message>
        <source>Grades</source>
        <translation>等级分布</translation>
    </message>
    <message>
        <source>Severe share</source>
        <translation>重度占比</translation>
    </message>
    <message>
        <source>Review outcomes</source>
        <translation>审核结果</translation>
    </message>
    <message>
        <source>Visits per day</source>
        <translation>每日评估次数</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>评估用时</translation>
    </message>
    <message>
        <source>Answer changes</source>
        <translation>修改答案</translation>
    </message>
    <message>
        <source>Dual entry</source>
        <translation>双人录入</translation>
    </message>
    <message>
        <source>Re-applicants</source>
        <translation>频繁申请</translation>
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
    <name>UnlockDialog</name>
    <message>
        <source>Unlock the case data</source>
        <translation>解锁案件数据</translation>
    </message>
    <message>
        <source>The system&apos;s credential store cannot provide the key of the encrypted case data on this computer. Enter the administrator passphrase to unlock it.</source>
        <translation>系统凭据存储无法提供本机加密案件数据的密钥。请输入管理员口令解锁。</translation>
    </message>
    <message>
        <source>Administrator passphrase:</source>
        <translation>管理员口令：</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>UploadQueueDialog</name>
    <message>
        <source>Upload queue</source>
        <translation>上传队列</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已传输</translation>
    </message>
    <message>
        <source>Agency&apos;s result</source>
        <translation>机构结果</translation>
    </message>
    <message>
        <source>Nothing queued. Export a signed visit, then press Upload on its case page.</source>
        <translation>队列为空。请先导出已签名的评估，再在案件页面点击“上传”。</translation>
    </message>
    <message>
        <source>Cancel upload</source>
        <translation>取消上传</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Ask the agency</source>
        <translation>向机构查询</translation>
    </message>
    <message>
        <source>Ask the agency server for the verdict on each bundle and for the reviewers&apos; decisions</source>
        <translation>向机构服务器查询各数据包的核验结果和审核结论</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Uploads go to {url} (this laptop: {name}).</source>
        <translation>上传到 {url}（本机：{name}）。</translation>
    </message>
    <message>
        <source>Next try at {time} UTC.</source>
        <translation>下次尝试：{time} UTC。</translation>
    </message>
    <message>
        <source>The upload cannot be cancelled</source>
        <translation>无法取消上传</translation>
    </message>
    <message>
        <source>The upload cannot be started again</source>
        <translation>无法重新开始上传</translation>
    </message>
</context>
<context>
    <name>UploadWording</name>
    <message>
        <source>{done} MB of {total} MB</source>
        <translation>已传 {done} MB / 共 {total} MB</translation>
    </message>
    <message>
        <source>{rate} MB/s · {left} left</source>
        <translation>{rate} MB/s · 剩余 {left}</translation>
    </message>
    <message>
        <source> (+{count} more)</source>
        <translation>（另有 {count} 项）</translation>
    </message>
    <message>
        <source>as of {time} UTC</source>
        <translation>截至 {time} UTC</translation>
    </message>
</context>
<context>
    <name>VideoPlayer</name>
    <message>
        <source>No recording for this visit</source>
        <translation>本次评估没有录像</translation>
    </message>
    <message>
        <source>The recording cannot be read: {reason}</source>
        <translation>无法读取录像：{reason}</translation>
    </message>
    <message>
        <source>Paused for privacy: {reason}</source>
        <translation>录像暂停：{reason}</translation>
    </message>
    <message>
        <source>No video: the camera was lost</source>
        <translation>无画面：摄像头中断</translation>
    </message>
    <message>
        <source>Recording stopped</source>
        <translation>录像已停止</translation>
    </message>
    <message>
        <source>No video (gap)</source>
        <translation>无画面（录像中断）</translation>
    </message>
    <message>
        <source>Outside the recording</source>
        <translation>不在录像范围内</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Items (click to jump to the moment assessed)</source>
        <translation>评估项目（点击跳到评定时刻）</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>录像</translation>
    </message>
    <message>
        <source>Paused (hover for the reason)</source>
        <translation>暂停（悬停查看原因）</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>中断</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>VisitConsentStep</name>
    <message>
        <source>Agency rule: if recording is refused, the assessment may continue without video; the refusal and its reason are recorded.</source>
        <translation>机构规定：拒绝录像时，评估可在无录像的情况下继续；拒绝及原因将被记录。</translation>
    </message>
    <message>
        <source>Agency rule: if recording is refused, the visit ends with the outcome &quot;recording refused&quot; and the case goes back to the agency.</source>
        <translation>机构规定：拒绝录像时，本次上门评估以“拒绝录像”结束，案件退回评估机构。</translation>
    </message>
    <message>
        <source>Disk space may be short: a visit of {minutes} minutes needs about {needed} for the video (safety margin included); {free} are free. Recording may stop early; every answer is still saved. Free some space if you can.</source>
        <translation>磁盘空间可能不足：{minutes} 分钟的评估录像约需 {needed}（含安全余量），当前可用 {free}。录像可能提前停止，但所有回答仍会保存。如有可能请先清理磁盘空间。</translation>
    </message>
    <message>
        <source>Consent to video recording</source>
        <translation>录像知情同意</translation>
    </message>
    <message>
        <source>The whole assessment is recorded on video so that it is fair and can be checked later. The video is encrypted on this laptop, handed only to the assessment agency, and used only to review this assessment. Recording can be paused for privacy (for example while washing or using the toilet). By signing below, the applicant (or the informant on the applicant&apos;s behalf) agrees to the recording.</source>
        <translation>为保证评估公平、公正、可追溯，评估全过程将录像。录像在本机加密保存，仅提交给评估机构，仅用于审核本次评估。涉及隐私时（例如洗漱、如厕）可以暂停录像。申请人（或信息提供者代申请人）在下方签名，即表示同意录像。</translation>
    </message>
    <message>
        <source>Signed by the applicant</source>
        <translation>申请人本人签名</translation>
    </message>
    <message>
        <source>Signed by the informant on the applicant&apos;s behalf</source>
        <translation>信息提供者代为签名</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Consent given: start recording</source>
        <translation>已同意：开始录像</translation>
    </message>
    <message>
        <source>Recording refused…</source>
        <translation>拒绝录像…</translation>
    </message>
</context>
<context>
    <name>VisitEntry</name>
    <message>
        <source>Change an answer</source>
        <translation>修改答案</translation>
    </message>
    <message>
        <source>{item}: change from {old} pts to {new} pts. Why? The change and its reason are recorded.</source>
        <translation>{item}：由 {old} 分改为 {new} 分。原因是什么？修改及原因将被记录。</translation>
    </message>
    <message>
        <source>The answer was not saved</source>
        <translation>答案未保存</translation>
    </message>
    <message>
        <source>The note was not saved</source>
        <translation>备注未保存</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>未拍到照片</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>差异核对</translation>
    </message>
    <message>
        <source>Dual entry</source>
        <translation>双人独立录入</translation>
    </message>
    <message>
        <source>{first} has rated every item. Hand the laptop to {second}, who now rates every item without seeing the first ratings.</source>
        <translation>{first} 已完成全部项目评分。请将电脑交给 {second}，由其在看不到前一位评分的情况下独立完成全部项目评分。</translation>
    </message>
</context>
<context>
    <name>VisitFinish</name>
    <message>
        <source>Self-assessment grade: {grade}</source>
        <translation>自评等级：{grade}</translation>
    </message>
    <message>
        <source>none submitted</source>
        <translation>未提交</translation>
    </message>
    <message>
        <source>Previous grade: {grade}</source>
        <translation>上次评估等级：{grade}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Confirm a plausibility warning</source>
        <translation>确认逻辑提示</translation>
    </message>
    <message>
        <source>If the answers stand, say why.</source>
        <translation>如果维持这些答案，请说明原因。</translation>
    </message>
    <message>
        <source>Draft report</source>
        <translation>结论书草稿</translation>
    </message>
    <message>
        <source>Both experts and the informant sign in their boxes first.</source>
        <translation>请两位评估人员和信息提供者先在各自的框内签名。</translation>
    </message>
    <message>
        <source>Not yet: {missing}</source>
        <translation>尚不能签名：{missing}</translation>
    </message>
</context>
<context>
    <name>VisitFinishStep</name>
    <message>
        <source>No plausibility warnings.</source>
        <translation>没有逻辑提示。</translation>
    </message>
    <message>
        <source>{warning} Confirmed: {reason}</source>
        <translation>{warning} 已确认：{reason}</translation>
    </message>
    <message>
        <source>Confirm with reason…</source>
        <translation>说明原因并确认…</translation>
    </message>
    <message>
        <source>Change reason…</source>
        <translation>修改原因…</translation>
    </message>
    <message>
        <source>Expert {person} signs</source>
        <translation>评估人员 {person} 签名</translation>
    </message>
    <message>
        <source>Passphrase of {person}</source>
        <translation>{person} 的口令</translation>
    </message>
    <message>
        <source>Finish, conclude and sign</source>
        <translation>完成、结论与签名</translation>
    </message>
    <message>
        <source>Plausibility warnings</source>
        <translation>逻辑提示</translation>
    </message>
    <message>
        <source>Conclusion and care notes</source>
        <translation>评估结论与照护建议</translation>
    </message>
    <message>
        <source>Assessment conclusion (required)</source>
        <translation>评估结论（必填）</translation>
    </message>
    <message>
        <source>Care notes and recommendations (optional)</source>
        <translation>照护建议（可选）</translation>
    </message>
    <message>
        <source>Signatures</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>The informant signs</source>
        <translation>信息提供者签名</translation>
    </message>
    <message>
        <source>Draft report (PDF)…</source>
        <translation>结论书草稿（PDF）…</translation>
    </message>
    <message>
        <source>Sign and lock the record</source>
        <translation>签名并锁定评估记录</translation>
    </message>
</context>
<context>
    <name>VisitIdentityStep</name>
    <message>
        <source>Applicant: {name}</source>
        <translation>申请人：{name}</translation>
    </message>
    <message>
        <source>Identity check and informant</source>
        <translation>身份核验与信息提供者</translation>
    </message>
    <message>
        <source>Photo of the ID card</source>
        <translation>身份证照片</translation>
    </message>
    <message>
        <source>Photo of the applicant</source>
        <translation>申请人照片</translation>
    </message>
    <message>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>From file…</source>
        <translation>从文件导入…</translation>
    </message>
    <message>
        <source>No photo yet</source>
        <translation>尚无照片</translation>
    </message>
    <message>
        <source>The person matches the ID card (人证一致)</source>
        <translation>人证一致</translation>
    </message>
    <message>
        <source>The person does not match the ID card</source>
        <translation>人证不一致</translation>
    </message>
    <message>
        <source>Describe the discrepancy (required): the visit ends with this outcome</source>
        <translation>请说明不一致之处（必填）：本次上门评估将以此结果结束</translation>
    </message>
    <message>
        <source>Informant (family member or carer)</source>
        <translation>信息提供者（家属或照护人）</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Relation:</source>
        <translation>关系：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <source>Mobile or landline with area code</source>
        <translation>手机号或带区号的固定电话</translation>
    </message>
    <message>
        <source>Spouse</source>
        <translation>配偶</translation>
    </message>
    <message>
        <source>Son or daughter</source>
        <translation>子女</translation>
    </message>
    <message>
        <source>Other relative</source>
        <translation>其他亲属</translation>
    </message>
    <message>
        <source>Carer</source>
        <translation>照护人员</translation>
    </message>
    <message>
        <source>Care home staff</source>
        <translation>机构工作人员</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>VisitItemsStep</name>
    <message>
        <source>Item {number} of {total} · answered {answered}</source>
        <translation>第 {number} 项 / 共 {total} 项 · 已答 {answered} 项</translation>
    </message>
    <message>
        <source>The instrument gives no separate interview instructions for this item: decide by the official wording of each option above, asking the applicant and the informant and observing the applicant doing the activity where it is safe.</source>
        <translation>评估表对本项目没有另附询问说明：请依据上方各选项的官方表述判断，询问申请人和信息提供者，并在安全的前提下观察申请人实际完成该活动。</translation>
    </message>
    <message>
        <source>Keys 1–{count} choose the options in the order shown; Page Up / Page Down (or Alt+P / Alt+N) move between items; Alt+F finishes; F8 pauses or resumes the recording.</source>
        <translation>按数字键 1–{count} 按显示顺序选择选项；Page Up / Page Down（或 Alt+P / Alt+N）切换项目；Alt+F 完成；F8 暂停或继续录像。</translation>
    </message>
    <message>
        <source>Add photo ({count})</source>
        <translation>添加照片（{count}）</translation>
    </message>
    <message>
        <source>How to ask and observe</source>
        <translation>如何询问和观察</translation>
    </message>
    <message>
        <source>Note on this item (optional)</source>
        <translation>本项目备注（可选）</translation>
    </message>
    <message>
        <source>&amp;Previous item</source>
        <translation>上一项(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next item</source>
        <translation>下一项(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Finish…</source>
        <translation>完成(&amp;F)…</translation>
    </message>
</context>
<context>
    <name>VisitOpening</name>
    <message>
        <source>Second expert signs in</source>
        <translation>第二位评估人员登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Second expert</source>
        <translation>第二位评估人员</translation>
    </message>
    <message>
        <source>The visit cannot start</source>
        <translation>无法开始上门评估</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>未拍到照片</translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation>选择照片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>知情同意</translation>
    </message>
    <message>
        <source>Recording refused</source>
        <translation>拒绝录像</translation>
    </message>
    <message>
        <source>Record why the applicant or the family refuses the recording.</source>
        <translation>请记录申请人或家属拒绝录像的原因。</translation>
    </message>
</context>
<context>
    <name>VisitPage</name>
    <message>
        <source>Visit: {name}</source>
        <translation>上门评估：{name}</translation>
    </message>
    <message>
        <source>Applicant: {name} · ID {masked}</source>
        <translation>申请人：{name} · 身份证号 {masked}</translation>
    </message>
    <message>
        <source>The record is signed by both experts and locked. The signed report is stored with the case.</source>
        <translation>评估记录已由两位评估人员签名并锁定。已签名的结论书随案件保存。</translation>
    </message>
    <message>
        <source>The visit ended: the person does not match the ID card. The case goes back to the agency with this outcome.</source>
        <translation>上门评估已结束：人证不一致。案件以此结果退回评估机构。</translation>
    </message>
    <message>
        <source>The visit ended: recording was refused. The case goes back to the agency with this outcome.</source>
        <translation>上门评估已结束：拒绝录像。案件以此结果退回评估机构。</translation>
    </message>
    <message>
        <source>The visit ended: no recording is possible and the agency requires one. The case goes back to the agency.</source>
        <translation>上门评估已结束：无法录像，而机构要求录像。案件退回评估机构。</translation>
    </message>
    <message>
        <source>Leave the visit</source>
        <translation>离开上门评估</translation>
    </message>
    <message>
        <source>Every answer is saved. Leave the visit now? It can be resumed later from the case.</source>
        <translation>所有答案均已保存。现在离开吗？之后可从案件页面继续。</translation>
    </message>
    <message>
        <source>Step 1 of 5: experts</source>
        <translation>第 1/5 步：评估人员</translation>
    </message>
    <message>
        <source>Step 2 of 5: identity</source>
        <translation>第 2/5 步：身份核验</translation>
    </message>
    <message>
        <source>Step 3 of 5: consent</source>
        <translation>第 3/5 步：知情同意</translation>
    </message>
    <message>
        <source>Step 4 of 5: items</source>
        <translation>第 4/5 步：逐项评估</translation>
    </message>
    <message>
        <source>Step 4 of 5: reconciliation</source>
        <translation>第 4/5 步：差异核对</translation>
    </message>
    <message>
        <source>Step 5 of 5: finish and sign</source>
        <translation>第 5/5 步：完成与签名</translation>
    </message>
    <message>
        <source>Visit ended</source>
        <translation>上门评估已结束</translation>
    </message>
    <message>
        <source>ratings of {person}</source>
        <translation>{person} 的评分</translation>
    </message>
    <message>
        <source>Leave visit</source>
        <translation>离开评估</translation>
    </message>
    <message>
        <source>Export data bundle…</source>
        <translation>导出数据包…</translation>
    </message>
</context>
<context>
    <name>VisitReconcileStep</name>
    <message>
        <source>{score} pts: {wording}</source>
        <translation>{score} 分：{wording}</translation>
    </message>
    <message>
        <source>The experts agreed on {equal} of {total} items; {count} differences to resolve. The agreed answer needs a reason.</source>
        <translation>两位评估人员在 {total} 项中有 {equal} 项一致；{count} 项存在差异需核对。确定的答案需说明原因。</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Agreed answer</source>
        <translation>确定的答案</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>{score} pts</source>
        <translation>{score} 分</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Reconcile the two experts&apos; ratings</source>
        <translation>核对两位评估人员的评分</translation>
    </message>
    <message>
        <source>Continue to finish</source>
        <translation>继续完成</translation>
    </message>
</context>
<context>
    <name>VisitRecording</name>
    <message>
        <source>Privacy: bathing or washing</source>
        <translation>隐私：洗澡或洗漱</translation>
    </message>
    <message>
        <source>Privacy: using the toilet</source>
        <translation>隐私：如厕</translation>
    </message>
    <message>
        <source>At the applicant&apos;s request</source>
        <translation>应申请人要求</translation>
    </message>
    <message>
        <source>Other (describe)</source>
        <translation>其他（请说明）</translation>
    </message>
    <message>
        <source>Pause the recording</source>
        <translation>暂停录像</translation>
    </message>
    <message>
        <source>Why is the recording paused? The pause and its reason are shown to the reviewer.</source>
        <translation>为什么暂停录像？暂停及其原因会显示给审核人员。</translation>
    </message>
    <message>
        <source>Resume the recording</source>
        <translation>继续录像</translation>
    </message>
    <message>
        <source>Stop the recording</source>
        <translation>停止录像</translation>
    </message>
</context>
<context>
    <name>VisitSettingsPanel</name>
    <message>
        <source>Saved. The next visit uses these settings.</source>
        <translation>已保存。下一次上门评估将使用这些设置。</translation>
    </message>
    <message>
        <source>Visit and recording</source>
        <translation>上门评估与录像</translation>
    </message>
    <message>
        <source>A visit may go on without recording (refused, no camera)</source>
        <translation>无录像时可继续评估（拒绝录像或无摄像头）</translation>
    </message>
    <message>
        <source>Dual entry: each expert rates independently</source>
        <translation>双人独立录入（背靠背评分）</translation>
    </message>
    <message>
        <source>Watermark in the video (agency, case number, time)</source>
        <translation>录像水印（机构、案件号、时间）</translation>
    </message>
    <message>
        <source>ID number on the report:</source>
        <translation>报告中的身份证号：</translation>
    </message>
    <message>
        <source>Camera number (0 = first):</source>
        <translation>摄像头编号（0 为第一个）：</translation>
    </message>
    <message>
        <source>Recording resolution:</source>
        <translation>录像分辨率：</translation>
    </message>
    <message>
        <source>Frames per second:</source>
        <translation>帧率（帧/秒）：</translation>
    </message>
    <message>
        <source>Record sound from the microphone</source>
        <translation>录制麦克风声音</translation>
    </message>
    <message>
        <source>Planned visit length (minutes, for the disk check):</source>
        <translation>计划评估时长（分钟，用于磁盘空间检查）：</translation>
    </message>
    <message>
        <source>masked (part of the number hidden)</source>
        <translation>部分隐藏</translation>
    </message>
    <message>
        <source>full number</source>
        <translation>完整号码</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
</context>
<context>
    <name>VisitStartStep</name>
    <message>
        <source>First expert: {person}</source>
        <translation>第一位评估人员：{person}</translation>
    </message>
    <message>
        <source>Second expert: {person}</source>
        <translation>第二位评估人员：{person}</translation>
    </message>
    <message>
        <source>not signed in yet</source>
        <translation>尚未登录</translation>
    </message>
    <message>
        <source>Change second expert…</source>
        <translation>更换第二位评估人员…</translation>
    </message>
    <message>
        <source>Second expert signs in…</source>
        <translation>第二位评估人员登录…</translation>
    </message>
    <message>
        <source>I, {person}, declare that I have no conflict of interest.</source>
        <translation>本人 {person} 声明：与本次评估不存在利害关系。</translation>
    </message>
    <message>
        <source>The visit needs two experts: the second expert signs in with their own number and passphrase.</source>
        <translation>上门评估需两名评估人员：第二位评估人员用本人编号和口令登录。</translation>
    </message>
    <message>
        <source>Each expert confirms the declaration for themselves.</source>
        <translation>每位评估人员须本人确认回避声明。</translation>
    </message>
    <message>
        <source>Experts and declarations</source>
        <translation>评估人员与回避声明</translation>
    </message>
    <message>
        <source>Declaration of no conflict of interest (回避声明): I have no kinship, employment or financial tie with the applicant, the applicant&apos;s family or the care provider, and nothing else that could affect the fairness of this assessment. If such a tie exists, I withdraw from this assessment.</source>
        <translation>回避声明：本人与申请人、申请人家属及照护服务机构不存在亲属关系、雇佣关系或经济利益关系，也无其他可能影响本次评估公正性的情形。如存在上述情形，本人主动回避本次评估。</translation>
    </message>
    <message>
        <source>Start the visit</source>
        <translation>开始上门评估</translation>
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
