; SPDX-License-Identifier: GPL-3.0-or-later
; Inno Setup 6 script: a per-user installer (no administrator rights) for the PyInstaller folder
; dist\ltc-assess\ built from packaging\ltc-assess.spec. Compile from the repository root:
;
;     iscc packaging\windows\ltc-assess.iss
;
; Installs into %LOCALAPPDATA%\Programs\ltc-assess, adds Start-menu entries and an uninstaller
; (Settings -> Apps). Case records are not in the program folder: they live where platformdirs
; puts user data (%LOCALAPPDATA%\ltc-assess\ltc-assess), so uninstalling never deletes them.

#define AppName "长护险失能等级评估工作站"
#define AppNameEn "LTC Assessment Workstation"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "ltc-assess-gui.exe"

[Setup]
AppId={{7C1E3A52-4B8D-4F7E-9D21-3A6B0E5C8F14}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=LTC assessment workstation maintainers
DefaultDirName={localappdata}\Programs\ltc-assess
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=ltc-assess-{#AppVersion}-windows-x64-setup
SetupIconFile=..\..\resources\icons\ltc-assess.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=auto
LanguageDetectionMethod=uilanguage
CloseApplications=yes
; GPL-3.0-or-later, shown (and to be accepted) before installing; it and SOURCES.md (where the
; corresponding source of every part is) are installed next to the executables.
LicenseFile=..\..\LICENSE

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.CommandLine=命令行工具 (ltc-assess)
english.CommandLine=Command line (ltc-assess)
chinesesimplified.SelfTest=安装自检
english.SelfTest=Installation self-test

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\ltc-assess\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\LICENSE"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\..\resources\licenses\SOURCES.md"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{cm:CommandLine}"; Filename: "{cmd}"; Parameters: "/k ""{app}\ltc-assess.exe"" --help"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:SelfTest}"; Filename: "{cmd}"; Parameters: "/k ""{app}\ltc-assess.exe"" selftest"; WorkingDir: "{userdocs}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
