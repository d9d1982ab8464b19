#include "nodeselection.h"

#include "apiexposure.h"
#include "attributegraphqltypes.h"
#include "graphqlnames.h"
#include "namesuggestions.h"
#include "requesterrors.h"

#include <QSet>

namespace infrahub {

namespace {

SelectionSet lineageSelection() {
    SelectionSet s;
    s.addField(QStringLiteral("id"));
    s.addField(QStringLiteral("display_label"));
    s.addField(QStringLiteral("__typename"));
    return s;
}

SelectionSet peerSelection(bool withHfid) {
    SelectionSet s;
    s.addField(QStringLiteral("id"));
    if (withHfid)
        s.addField(QStringLiteral("hfid"));
    s.addField(QStringLiteral("display_label"));
    s.addField(QStringLiteral("__typename"));
    return s;
}

SelectionSet attributeSelection(const AttributeSchema &a, const SelectionOptions &options) {
    SelectionSet s;
    s.addField(QStringLiteral("value"));
    if (options.dropdownDetails && AttributeGraphQLTypes::forKind(a.kind).isDropdown()) {
        s.addField(QStringLiteral("label"));
        s.addField(QStringLiteral("color"));
        s.addField(QStringLiteral("description"));
    }
    if (options.withMetadata) {
        for (const char *f : {"is_default", "is_from_profile", "is_protected", "updated_at"})
            s.addField(QString::fromLatin1(f));
        s.addObject(QStringLiteral("source"), lineageSelection());
        s.addObject(QStringLiteral("owner"), lineageSelection());
    }
    return s;
}

SelectionSet propertiesSelection() {
    SelectionSet s;
    s.addField(QStringLiteral("is_protected"));
    s.addField(QStringLiteral("updated_at"));
    s.addObject(QStringLiteral("source"), lineageSelection());
    s.addObject(QStringLiteral("owner"), lineageSelection());
    return s;
}

SelectionSet relationshipSelection(const RelationshipSchema &rel, const SelectionOptions &options) {
    SelectionSet s;
    if (!rel.isMany()) {
        s.addObject(QStringLiteral("node"), peerSelection(true));
        if (options.withMetadata)
            s.addObject(QStringLiteral("properties"), propertiesSelection());
        return s;
    }
    SelectionSet edge;
    edge.addObject(QStringLiteral("node"), peerSelection(false));
    if (options.withMetadata)
        edge.addObject(QStringLiteral("properties"), propertiesSelection());
    s.addField(QStringLiteral("count"));
    s.addObject(QStringLiteral("edges"), std::move(edge));
    return s;
}

bool selectedByDefault(const RelationshipSchema &rel) {
    return !rel.isMany() || rel.kind == u"Attribute" || rel.kind == u"Parent";
}

// The names options may refer to, and an error for those that are not selectable.
std::optional<InfrahubError> checkNames(const SchemaSet &schema, const QList<const KindSchema *> &kinds,
                                        const SelectionOptions &options) {
    QStringList known;
    QHash<QString, QString> unexposed; // relationship -> peer
    for (const KindSchema *k : kinds) {
        for (const AttributeSchema &a : k->attributes)
            if (isExposedAttribute(a))
                known.append(a.name);
        for (const RelationshipSchema &r : k->relationships) {
            if (exposedPeer(schema, r))
                known.append(r.name);
            else
                unexposed.insert(r.name, r.peer);
        }
    }
    for (const QStringList *list : {&options.fields, &options.include, &options.exclude}) {
        for (const QString &name : *list) {
            if (known.contains(name))
                continue;
            const QString &kind = kinds.first()->kind;
            if (unexposed.contains(name))
                return invalidRequestError(
                    QStringLiteral("%1.%2 cannot be selected: its peer kind '%3' is not exposed by the API.")
                        .arg(kind, name, unexposed.value(name)));
            QString message = QStringLiteral("%1 has no attribute or relationship '%2'.").arg(kind, name);
            const QStringList close = suggestNames(name, known);
            if (!close.isEmpty())
                message += QStringLiteral(" Did you mean %1?").arg(quotedList(close));
            return invalidRequestError(message);
        }
    }
    return std::nullopt;
}

struct FieldSelection {
    QString name;
    QString shape; // what the field's type looks like to GraphQL's "fields can be merged" rule
    SelectionSet selection;
};

// Hierarchical kinds get `parent`/`children` typed with their hierarchy generic, an interface.
bool isHierarchyField(const SchemaSet &schema, const KindSchema &kind, const RelationshipSchema &rel) {
    if (rel.name != u"parent" && rel.name != u"children")
        return false;
    if (kind.hierarchical || !kind.hierarchy.isEmpty())
        return true;
    for (const QString &g : kind.inheritFrom)
        if (const KindSchema *generic = schema.kind(g); generic && generic->hierarchical)
            return true;
    return false;
}

// The attributes and relationships of `kind` that the options select, skipping `skip` (the fields a
// generic's selection already has when this is a fragment).
QList<FieldSelection> selectFields(const SchemaSet &schema, const KindSchema &kind,
                                   const SelectionOptions &options, const QSet<QString> &skip) {
    auto wanted = [&options](const QString &name, bool byDefault) {
        if (options.exclude.contains(name))
            return false;
        if (options.include.contains(name))
            return true;
        return options.fields.isEmpty() ? byDefault : options.fields.contains(name);
    };
    QList<FieldSelection> out;
    for (const AttributeSchema &a : kind.attributes)
        if (isExposedAttribute(a) && !skip.contains(a.name) && wanted(a.name, true))
            out.append({a.name,
                        QStringLiteral("attribute ") + AttributeGraphQLTypes::forKind(a.kind).objectType,
                        attributeSelection(a, options)});
    for (const RelationshipSchema &r : kind.relationships) {
        const KindSchema *peer = exposedPeer(schema, r);
        if (!peer || skip.contains(r.name) || !wanted(r.name, selectedByDefault(r)))
            continue;
        // Object types have `id: String!`, interfaces `id: String`; paginated edges differ the same way.
        const bool peerIsInterface = peer->isGeneric() || isHierarchyField(schema, kind, r);
        out.append({r.name,
                    QStringLiteral("relationship %1 %2")
                        .arg(r.isMany() ? QStringLiteral("many") : QStringLiteral("one"),
                             peerIsInterface ? QStringLiteral("interface") : QStringLiteral("object")),
                    relationshipSelection(r, options)});
    }
    return out;
}

// Whether GraphQL lets `... on <candidate>` appear in a selection on `generic`: node kinds implement the
// generics they inherit from, and every node kind except groups implements CoreNode.
bool implementsGeneric(const KindSchema &candidate, const QString &generic) {
    if (candidate.inheritFrom.contains(generic))
        return true;
    return generic == u"CoreNode" && candidate.isNode() && !candidate.inheritFrom.contains(u"CoreGroup");
}

} // namespace

Result<SelectionSet> buildNodeSelection(const SchemaSet &schema, const KindSchema &kind,
                                        const SelectionOptions &options) {
    if (!isGraphQLName(kind.kind))
        return invalidRequestError(QStringLiteral("'%1' is not a valid GraphQL type name.").arg(kind.kind));

    QList<const KindSchema *> concrete;
    if (kind.isGeneric() && options.concreteFragments)
        for (const QString &name : kind.usedBy)
            if (const KindSchema *k = exposedKind(schema, name);
                k && k != &kind && implementsGeneric(*k, kind.kind))
                concrete.append(k);

    if (auto error = checkNames(schema, QList<const KindSchema *>{&kind} + concrete, options))
        return *error;

    SelectionSet s;
    for (const char *f : {"id", "hfid", "display_label", "__typename"})
        s.addField(QString::fromLatin1(f));
    for (FieldSelection &f : selectFields(schema, kind, options, {}))
        s.addObject(f.name, std::move(f.selection));
    if (concrete.isEmpty())
        return s;

    QSet<QString> own;
    for (const AttributeSchema &a : kind.attributes)
        own.insert(a.name);
    for (const RelationshipSchema &r : kind.relationships)
        own.insert(r.name);
    QList<QList<FieldSelection>> fragments;
    QHash<QString, QSet<QString>> shapes; // field name -> the shapes it has across the fragments
    for (const KindSchema *k : std::as_const(concrete)) {
        fragments.append(selectFields(schema, *k, options, own));
        for (const FieldSelection &f : std::as_const(fragments.last()))
            shapes[f.name].insert(f.shape);
    }
    // Two kinds may use one name for differently typed fields (InfraDevice.asn is a relationship,
    // InfraAutonomousSystem.asn a number): GraphQL refuses to merge those, so such fields are aliased
    // `<Kind>__<name>` in every fragment (NodeParser reads both spellings).
    for (qsizetype i = 0; i < concrete.size(); ++i) {
        SelectionSet fragment;
        for (FieldSelection &f : fragments[i]) {
            const bool ambiguous = shapes.value(f.name).size() > 1;
            fragment.addObject(ambiguous ? concrete.at(i)->kind + QStringLiteral("__") + f.name +
                                               QStringLiteral(": ") + f.name
                                         : f.name,
                               std::move(f.selection));
        }
        if (!fragment.isEmpty())
            s.addObject(QStringLiteral("... on ") + concrete.at(i)->kind, std::move(fragment));
    }
    return s;
}

} // namespace infrahub
