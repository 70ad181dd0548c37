/// The schemas a delivery's dossiers validate against, carried in every delivery so that the
/// agency's importer has them beside the files (embedded from Resources/, equal to schemas/).
public enum DeliverySchemas {
  public static let files: [(name: String, bytes: [UInt8])] = [
    ("handover.xsd", PackageResources.handover_xsd), ("handover.schema.json", PackageResources.handover_schema_json),
  ]
}
