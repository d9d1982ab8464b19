<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>BackupDevicesModel</name>
    <message numerus="yes">
        <source>%1: the last %n attempts failed, the latest at %2: %3</source>
        <translation>
            <numerusform>%1: the last attempt failed, at %2: %3</numerusform>
            <numerusform>%1: the last %n attempts failed, the latest at %2: %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BackupHistoryPanel</name>
    <message numerus="yes">
        <source>%n device</source>
        <translation>
            <numerusform>%n device</numerusform>
            <numerusform>%n device</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n devices</source>
        <translation>
            <numerusform>%n devices</numerusform>
            <numerusform>%n devices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failing</source>
        <translation>
            <numerusform>%n failing</numerusform>
            <numerusform>%n failing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n device changed</source>
        <translation>
            <numerusform>%n device changed</numerusform>
            <numerusform>%n device changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n devices changed</source>
        <translation>
            <numerusform>%n devices changed</numerusform>
            <numerusform>%n devices changed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line</source>
        <translation>
            <numerusform>%n line</numerusform>
            <numerusform>%n line</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lines</source>
        <translation>
            <numerusform>%n lines</numerusform>
            <numerusform>%n lines</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BackupWindow</name>
    <message numerus="yes">
        <source>Backup of %n device(s)</source>
        <translation>
            <numerusform>Backup of %n device</numerusform>
            <numerusform>Backup of %n devices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Backing up %n device(s), %1 at once</source>
        <translation>
            <numerusform>Backing up %n device, %1 at once</numerusform>
            <numerusform>Backing up %n devices, %1 at once</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n skipped: %1</source>
        <translation>
            <numerusform>; %n skipped: %1</numerusform>
            <numerusform>; %n skipped: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BranchDiffDialog</name>
    <message numerus="yes">
        <source>, %n conflict(s)</source>
        <translation>
            <numerusform>, %n conflict</numerusform>
            <numerusform>, %n conflicts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConfigDiffView</name>
    <message numerus="yes">
        <source>%n line added</source>
        <translation>
            <numerusform>%n line added</numerusform>
            <numerusform>%n line added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n lines added</source>
        <translation>
            <numerusform>%n lines added</numerusform>
            <numerusform>%n lines added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1, %n removed</source>
        <translation>
            <numerusform>%1, %n removed</numerusform>
            <numerusform>%1, %n removed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConfirmBatchDialog</name>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… and %n more</numerusform>
            <numerusform>… and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CreateVlansDialog</name>
    <message numerus="yes">
        <source>Create a VLAN at %n site(s)</source>
        <translation>
            <numerusform>Create a VLAN at %n site</numerusform>
            <numerusform>Create a VLAN at %n sites</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… %n more</source>
        <translation>
            <numerusform>… %n more</numerusform>
            <numerusform>… %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Create %n VLAN(s) %1
%2</source>
        <translation>
            <numerusform>Create %n VLAN %1
%2</numerusform>
            <numerusform>Create %n VLANs %1
%2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CsvImportDialog</name>
    <message numerus="yes">
        <source>All or nothing: %n row(s) cannot be imported; fix them first (nothing will be imported).</source>
        <translation>
            <numerusform>All or nothing: %n row cannot be imported; fix them first (nothing will be imported).</numerusform>
            <numerusform>All or nothing: %n rows cannot be imported; fix them first (nothing will be imported).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n row(s) can be imported; %2 cannot.</source>
        <translation>
            <numerusform>%1 of %n row can be imported; %2 cannot.</numerusform>
            <numerusform>%1 of %n rows can be imported; %2 cannot.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message numerus="yes">
        <source>, %n failed</source>
        <translation>
            <numerusform>, %n failed</numerusform>
            <numerusform>, %n failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KindTreeModel</name>
    <message numerus="yes">
        <source>%n kind(s)</source>
        <translation>
            <numerusform>%n kind</numerusform>
            <numerusform>%n kinds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LatencyChart</name>
    <message numerus="yes">
        <source>Latency of %n answer(s): median %1 ms, 95th percentile %2 ms</source>
        <translation>
            <numerusform>Latency of %n answer: median %1 ms, 95th percentile %2 ms</numerusform>
            <numerusform>Latency of %n answers: median %1 ms, 95th percentile %2 ms</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n job(s) running</source>
        <translation>
            <numerusform>%n job running</numerusform>
            <numerusform>%n jobs running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n object(s) to %1</source>
        <translation>
            <numerusform>Exported %n object to %1</numerusform>
            <numerusform>Exported %n objects to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connected to %1 · Infrahub %2%3 · %n kind(s)</source>
        <translation>
            <numerusform>Connected to %1 · Infrahub %2%3 · %n kind</numerusform>
            <numerusform>Connected to %1 · Infrahub %2%3 · %n kinds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) on branch %1</source>
        <translation>
            <numerusform>%n object on branch %1</numerusform>
            <numerusform>%n objects on branch %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) matching “%1” on branch %2</source>
        <translation>
            <numerusform>%n object matching “%1” on branch %2</numerusform>
            <numerusform>%n objects matching “%1” on branch %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) matching the filters on branch %1</source>
        <translation>
            <numerusform>%n object matching the filters on branch %1</numerusform>
            <numerusform>%n objects matching the filters on branch %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n object(s)</source>
        <translation>
            <numerusform>Delete %n object</numerusform>
            <numerusform>Delete %n objects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Set %1 on %n object(s)</source>
        <translation>
            <numerusform>Set %1 on %n object</numerusform>
            <numerusform>Set %1 on %n objects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Create %n VLAN(s)</source>
        <translation>
            <numerusform>Create %n VLAN</numerusform>
            <numerusform>Create %n VLANs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n %1 object(s)</source>
        <translation>
            <numerusform>%n %1 object</numerusform>
            <numerusform>%n %1 objects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reading the addresses of what belongs to the %n selected object(s)…</source>
        <translation>
            <numerusform>Reading the addresses of what belongs to the %n selected object…</numerusform>
            <numerusform>Reading the addresses of what belongs to the %n selected objects…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Targets: %n address(es), from %1.</source>
        <translation>
            <numerusform>Targets: %n address, from %1.</numerusform>
            <numerusform>Targets: %n addresses, from %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reconcile sweep: %n change(s)</source>
        <translation>
            <numerusform>Reconcile sweep: %n change</numerusform>
            <numerusform>Reconcile sweep: %n changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Refresh %n object(s)</source>
        <translation>
            <numerusform>Refresh %n object</numerusform>
            <numerusform>Refresh %n objects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing imported: all or nothing, and %n row(s) cannot be imported.</source>
        <translation>
            <numerusform>Nothing imported: all or nothing, and %n row cannot be imported.</numerusform>
            <numerusform>Nothing imported: all or nothing, and %n rows cannot be imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Dry run: import %n %1 row(s)</source>
        <translation>
            <numerusform>Dry run: import %n %1 row</numerusform>
            <numerusform>Dry run: import %n %1 rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import %n %1 row(s)</source>
        <translation>
            <numerusform>Import %n %1 row</numerusform>
            <numerusform>Import %n %1 rows</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>QuickFindDialog</name>
    <message numerus="yes">
        <source>%n kind(s) could not be searched: %1</source>
        <translation>
            <numerusform>%n kind could not be searched: %1</numerusform>
            <numerusform>%n kinds could not be searched: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n match(es)</source>
        <translation>
            <numerusform>%n match</numerusform>
            <numerusform>%n matches</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReconcileDialog</name>
    <message numerus="yes">
        <source>Create the %n address(es) that answered but are not in IPAM, as %1</source>
        <translation>
            <numerusform>Create the %n address that answered but is not in IPAM, as %1</numerusform>
            <numerusform>Create the %n addresses that answered but are not in IPAM, as %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n address(es) in IPAM that did not answer</source>
        <translation>
            <numerusform>%n address in IPAM that did not answer</numerusform>
            <numerusform>%n addresses in IPAM that did not answer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>On the %n silent address(es), set</source>
        <translation>
            <numerusform>On the %n silent address, set</numerusform>
            <numerusform>On the %n silent addresses, set</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>On the %n %1 whose address is silent, set</source>
        <translation>
            <numerusform>On the %n %1 whose address is silent, set</numerusform>
            <numerusform>On the %n %1 whose address is silent, set</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>create %n %1</source>
        <translation>
            <numerusform>create %n %1</numerusform>
            <numerusform>create %n %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>update %n silent object(s)</source>
        <translation>
            <numerusform>update %n silent object</numerusform>
            <numerusform>update %n silent objects</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RelatePeersDialog</name>
    <message numerus="yes">
        <source>Add or remove a related object on %n object(s)</source>
        <translation>
            <numerusform>Add or remove a related object on %n object</numerusform>
            <numerusform>Add or remove a related object on %n objects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %1 to %2 of %n %3 object(s)</source>
        <translation>
            <numerusform>Add %1 to %2 of %n %3 object</numerusform>
            <numerusform>Add %1 to %2 of %n %3 objects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %1 from %2 of %n %3 object(s)</source>
        <translation>
            <numerusform>Remove %1 from %2 of %n %3 object</numerusform>
            <numerusform>Remove %1 from %2 of %n %3 objects</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RelationshipPicker</name>
    <message numerus="yes">
        <source>… %n more: type more of the name</source>
        <translation>
            <numerusform>… %n more: type more of the name</numerusform>
            <numerusform>… %n more: type more of the name</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SetAttributeDialog</name>
    <message numerus="yes">
        <source>Set attribute on %n object(s)</source>
        <translation>
            <numerusform>Set attribute on %n object</numerusform>
            <numerusform>Set attribute on %n objects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Set %1 on %n %2 object(s)</source>
        <translation>
            <numerusform>Set %1 on %n %2 object</numerusform>
            <numerusform>Set %1 on %n %2 objects</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SweepRunner</name>
    <message numerus="yes">
        <source>Sweep of %n host(s)</source>
        <translation>
            <numerusform>Sweep of %n host</numerusform>
            <numerusform>Sweep of %n hosts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SweepWindow</name>
    <message numerus="yes">
        <source>Sweep %1 (%n host(s))</source>
        <translation>
            <numerusform>Sweep %1 (%n host)</numerusform>
            <numerusform>Sweep %1 (%n hosts)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sweeping %n host(s): %1. %2</source>
        <translation>
            <numerusform>Sweeping %n host: %1. %2</numerusform>
            <numerusform>Sweeping %n hosts: %1. %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>infrahub::BackupJob</name>
    <message numerus="yes">
        <source>Backup of %n device(s)</source>
        <translation>
            <numerusform>Backup of %n device</numerusform>
            <numerusform>Backup of %n devices</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>infrahub::Job</name>
    <message numerus="yes">
        <source>%1 of %n in %2 s</source>
        <translation>
            <numerusform>%1 of %n in %2 s</numerusform>
            <numerusform>%1 of %n in %2 s</numerusform>
        </translation>
    </message>
</context>
</TS>
