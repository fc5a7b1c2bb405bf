using Watchkeeper.Core.Devices;

namespace Watchkeeper.Server.Devices.Ledger;

/// <summary>A device to insert or update, with the references that get ids only when the import writes.</summary>
/// <param name="ParentCode">The parent's code, in the file or the ledger, or null for none.</param>
/// <param name="Organization">The organization the import creates for it, or null when <see cref="Device.OrganizationId"/> is set.</param>
internal sealed record PlannedDevice(Device Device, string? ParentCode, PlannedOrganization? Organization);

/// <summary>What an import writes, in one transaction.</summary>
internal sealed class LedgerImportPlan
{
    /// <summary>Organizations to create, each after its parent.</summary>
    public List<PlannedOrganization> Organizations { get; } = [];

    public List<PlannedDevice> Creates { get; } = [];

    public List<PlannedDevice> Updates { get; } = [];

    public int Unchanged { get; set; }
}

/// <summary>
/// Checks the rows against each other and the ledger (duplicate codes, parents, topology cycles), then works out
/// which devices to create and which to update.
/// </summary>
internal sealed class LedgerImportPlanner(
    LedgerSnapshot ledger,
    LedgerHeader header,
    CredentialProtector credentials,
    LedgerErrorList errors,
    DateTimeOffset now)
{
    private readonly Dictionary<string, LedgerRowDraft> _rows = new(StringComparer.Ordinal);

    /// <summary>Returns the plan, or null after adding to the error list when a rule fails.</summary>
    public LedgerImportPlan? Plan(IReadOnlyList<LedgerRowDraft> drafts)
    {
        var unique = IndexByCode(drafts);
        foreach (var draft in unique)
        {
            CheckParent(draft);
        }

        CheckCycles(unique);
        CheckChildrenOfChangedKinds(unique);
        if (errors.Count > 0)
        {
            return null;
        }

        var plan = new LedgerImportPlan();
        var organizations = new OrganizationPathResolver(ledger.Organizations, plan.Organizations, now);
        foreach (var draft in unique)
        {
            AddToPlan(plan, organizations, draft);
        }

        return plan;
    }

    private List<LedgerRowDraft> IndexByCode(IReadOnlyList<LedgerRowDraft> drafts)
    {
        var unique = new List<LedgerRowDraft>(drafts.Count);
        foreach (var draft in drafts)
        {
            var code = draft.Device.Code;
            if (code.Length == 0)
            {
                continue;
            }

            if (_rows.TryGetValue(code, out var first))
            {
                errors.Add(draft.Row, header.TextOf(LedgerColumns.Code), "ledger.code.duplicate",
                    $"设备编码“{code}”与第 {first.Row} 行重复。", $"Device code '{code}' already appears in row {first.Row}.");
                continue;
            }

            _rows[code] = draft;
            unique.Add(draft);
        }

        return unique;
    }

    /// <summary>Returns the parent code the device will have: the file's when it has the column, else the ledger's.</summary>
    private string? ParentCodeOf(LedgerRowDraft draft)
    {
        if (header.Has(LedgerColumns.ParentCode))
        {
            return draft.ParentCode;
        }

        return ledger.FindByCode(draft.Device.Code) is { } existing ? ledger.ParentCodeOf(existing) : null;
    }

    private string? ParentCodeOf(string code)
    {
        if (_rows.TryGetValue(code, out var draft))
        {
            return ParentCodeOf(draft);
        }

        return ledger.FindByCode(code) is { } existing ? ledger.ParentCodeOf(existing) : null;
    }

    private void CheckParent(LedgerRowDraft draft)
    {
        var parentCode = ParentCodeOf(draft);
        var column = header.TextOf(LedgerColumns.ParentCode);
        DeviceKind? parentKind = null;
        if (parentCode is not null)
        {
            if (_rows.TryGetValue(parentCode, out var parentRow))
            {
                if (!parentRow.HasKind)
                {
                    return;
                }

                parentKind = parentRow.Device.Kind;
            }
            else if (ledger.FindByCode(parentCode) is { } parent)
            {
                parentKind = parent.Kind;
            }
            else
            {
                errors.Add(draft.Row, column, "ledger.parentCode.not_found",
                    $"上级设备“{parentCode}”在本文件和台账中都不存在。",
                    $"Parent device '{parentCode}' is neither in this file nor in the ledger.");
                return;
            }
        }

        if (draft.HasKind && DeviceRules.CheckParentKind(draft.Device.Kind, parentKind) is { } wrongKind)
        {
            errors.Add(draft.Row, column, wrongKind);
        }
    }

    /// <summary>
    /// Follows each row's parent chain through the file and the ledger. Chains that reach a device without a
    /// parent are remembered, so every device is walked about once.
    /// </summary>
    private void CheckCycles(List<LedgerRowDraft> drafts)
    {
        var reachesRoot = new HashSet<string>(StringComparer.Ordinal);
        var chain = new List<string>();
        foreach (var draft in drafts)
        {
            var code = draft.Device.Code;
            chain.Clear();
            chain.Add(code);
            for (var current = code; ;)
            {
                var parent = ParentCodeOf(current);
                if (parent is null || reachesRoot.Contains(parent))
                {
                    reachesRoot.UnionWith(chain);
                    break;
                }

                if (parent == code)
                {
                    errors.Add(draft.Row, header.TextOf(LedgerColumns.ParentCode), "device.parentId.cycle",
                        "上级设备不能是该设备自己或它的下级设备。", "The parent cannot be the device itself or one of its descendants.");
                    break;
                }

                if (chain.Contains(parent))
                {
                    break; // The chain loops above this device, and the rows in the loop report it.
                }

                if (chain.Count > DeviceService.MaxTopologyDepth)
                {
                    errors.Add(draft.Row, header.TextOf(LedgerColumns.ParentCode), "ledger.parentCode.too_deep",
                        $"上级设备链超过 {DeviceService.MaxTopologyDepth} 层。", $"The chain of parent devices is deeper than {DeviceService.MaxTopologyDepth} levels.");
                    break;
                }

                chain.Add(parent);
                current = parent;
            }
        }
    }

    /// <summary>Checks that devices left out of the file still fit a parent whose kind the file changes.</summary>
    private void CheckChildrenOfChangedKinds(List<LedgerRowDraft> drafts)
    {
        foreach (var draft in drafts)
        {
            if (!draft.HasKind || ledger.FindByCode(draft.Device.Code) is not { } existing || existing.Kind == draft.Device.Kind)
            {
                continue;
            }

            foreach (var child in ledger.ChildrenOf(existing.Id).Where(c => !_rows.ContainsKey(c.Code)))
            {
                if (DeviceRules.CheckParentKind(child.Kind, draft.Device.Kind) is not null)
                {
                    errors.Add(draft.Row, header.TextOf(LedgerColumns.Kind), "ledger.kind.children",
                        $"台账中的 {child.Code}（{LedgerValues.KindName(child.Kind)}）挂在该设备下，设备类型不能改为{LedgerValues.KindName(draft.Device.Kind)}。",
                        $"{child.Code} ({child.Kind}) in the ledger hangs on this device, so its kind cannot become {draft.Device.Kind}.");
                    break;
                }
            }
        }
    }

    private void AddToPlan(LedgerImportPlan plan, OrganizationPathResolver organizations, LedgerRowDraft draft)
    {
        var (organizationId, newOrganization) = organizations.Resolve(draft.OrganizationNames);
        var parentCode = ParentCodeOf(draft);
        var existing = ledger.FindByCode(draft.Device.Code);
        if (existing is null)
        {
            var device = draft.Device;
            device.OrganizationId = organizationId ?? 0;
            device.EncryptedPassword = credentials.Protect(draft.Password);
            device.EncryptedSnmpCommunity = credentials.Protect(draft.SnmpCommunity);
            device.CreatedAt = now;
            device.UpdatedAt = now;
            plan.Creates.Add(new PlannedDevice(device, parentCode, newOrganization));
            return;
        }

        var changed = newOrganization is not null || organizationId != existing.OrganizationId
            || !string.Equals(parentCode, ledger.ParentCodeOf(existing), StringComparison.Ordinal);
        if (newOrganization is null)
        {
            existing.OrganizationId = organizationId!.Value;
        }

        changed |= MergeCredentials(draft, existing);
        foreach (var (column, _) in header.Columns)
        {
            if (!column.HasSameValue(draft.Device, existing))
            {
                column.Copy(draft.Device, existing);
                changed = true;
            }
        }

        if (!changed)
        {
            plan.Unchanged++;
            return;
        }

        existing.UpdatedAt = now;
        plan.Updates.Add(new PlannedDevice(existing, parentCode, newOrganization));
    }

    /// <summary>
    /// Replaces a stored secret only when the file gives a different one, and bumps the credential version when
    /// the user name, password or community changes, as <see cref="DeviceService"/> does.
    /// </summary>
    private bool MergeCredentials(LedgerRowDraft draft, Device existing)
    {
        var changed = header.Has(LedgerColumns.UserName) && !LedgerColumns.UserName.HasSameValue(draft.Device, existing);
        if (draft.Password is { } password && credentials.Unprotect(existing.EncryptedPassword, existing.Id) != password)
        {
            existing.EncryptedPassword = credentials.Protect(password);
            changed = true;
        }

        if (draft.SnmpCommunity is { } community && credentials.Unprotect(existing.EncryptedSnmpCommunity, existing.Id) != community)
        {
            existing.EncryptedSnmpCommunity = credentials.Protect(community);
            changed = true;
        }

        if (changed)
        {
            existing.CredentialVersion++;
        }

        return changed;
    }
}
